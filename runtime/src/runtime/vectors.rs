//! Word vectors, so that `search_operations` also ranks by meaning: "rain
//! tomorrow" finds an operation summarized "Get the weather forecast"
//! though they share no word. A text's vector is the sum of its words'
//! vectors made unit length (the direction of their average: a static
//! embedding, which needs no model at run time); two texts are as close as
//! the cosine of their vectors.
//!
//! Each word's vector is what the sentence-embedding model
//! all-MiniLM-L6-v2 (sentence-transformers, Apache License 2.0) makes of
//! the word alone, centred and cut to its first 256 principal components
//! (`word_vectors.NOTICE`). `word_vectors.bin` holds the 30,000 commonest
//! lowercase English words, one signed byte per component and one scale
//! per word (8.0 MB), as `scripts/word-vectors` in mcp-gen's repository
//! writes it; that script documents the layout. The file is part of the
//! binary but read only on the first search: a server that never searches
//! keeps none of it in memory.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table: each word's scale and bytes, and where each word is.
pub struct WordVectors {
    dims: usize,
    scales: Vec<f32>,
    bytes: &'static [u8],
    index: HashMap<&'static str, usize>,
}

static FILE: &[u8] = include_bytes!("word_vectors.bin");

impl WordVectors {
    /// The table, read from the embedded file on first use.
    ///
    /// # Panics
    ///
    /// When the embedded file does not have the layout `scripts/word-vectors`
    /// writes, which a build of this crate never changes.
    pub fn get() -> &'static WordVectors {
        static TABLE: OnceLock<WordVectors> = OnceLock::new();
        TABLE.get_or_init(|| WordVectors::parse(FILE).expect("word_vectors.bin has its layout"))
    }

    fn parse(file: &'static [u8]) -> Option<WordVectors> {
        let u32_at = |at: usize| -> Option<usize> {
            Some(u32::from_le_bytes(file.get(at..at + 4)?.try_into().ok()?) as usize)
        };
        let (words, dims) = (u32_at(0)?, u32_at(4)?);
        let scales_end = words.checked_mul(4)?.checked_add(8)?;
        let vectors_end = words.checked_mul(dims)?.checked_add(scales_end)?;
        let scales = file
            .get(8..scales_end)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let text = std::str::from_utf8(file.get(vectors_end..)?).ok()?;
        let index: HashMap<&'static str, usize> = text
            .lines()
            .enumerate()
            .map(|(i, word)| (word, i))
            .collect();
        // As many words as vectors, each once.
        let whole = dims > 0 && index.len() == words && text.lines().count() == words;
        whole.then_some(WordVectors {
            dims,
            scales,
            bytes: &file[scales_end..vectors_end],
            index,
        })
    }

    /// The number of components of a vector.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The unit vector of `words` (lowercase), or `None` when the table
    /// knows none of them.
    pub fn embed<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Option<Vec<f32>> {
        let mut sum = vec![0f32; self.dims];
        let mut known = false;
        for word in words {
            let Some(&i) = self.index.get(word) else {
                continue;
            };
            known = true;
            let row = &self.bytes[i * self.dims..(i + 1) * self.dims];
            for (total, &byte) in sum.iter_mut().zip(row) {
                *total += f32::from(byte as i8) * self.scales[i];
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        (known && norm > 0.0).then(|| sum.into_iter().map(|x| x / norm).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn the_table_has_its_words_and_dimensions() {
        let table = WordVectors::get();
        assert_eq!(table.dims(), 256);
        assert_eq!(table.index.len(), 30_000);
        assert_eq!(table.index.get("the"), Some(&0));
    }

    #[test]
    fn related_words_are_closer_than_unrelated_ones() {
        let table = WordVectors::get();
        let song = table.embed(["song"]).unwrap();
        let track = table.embed(["track"]).unwrap();
        let tax = table.embed(["tax"]).unwrap();
        assert!(cosine(&song, &track) > cosine(&song, &tax) + 0.2);
    }

    #[test]
    fn a_text_of_unknown_words_has_no_vector() {
        assert_eq!(WordVectors::get().embed(["zzxq", "qqzx"]), None);
        assert_eq!(WordVectors::get().embed([]), None);
    }

    #[test]
    fn a_vector_is_unit_length() {
        let v = WordVectors::get()
            .embed(["list", "repository", "issues"])
            .unwrap();
        assert!((cosine(&v, &v) - 1.0).abs() < 1e-4);
    }
}
