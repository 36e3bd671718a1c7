"""The strings of specs/injection.yaml, as Python literals, so the test does
not need a YAML parser: each must equal what the spec says, byte for byte."""

VERSION = '1"; panic!("v"); //'
DESCRIPTION = ("Line one */ /* {{ x }} {% if y %}\n#[cfg(any())] fn evil() {}\r\n\"## r##\"\n"
               "</script><script>alert(1)</script>\n\\u{0} \\n \\\\ ${HOME} `cmd` __mcp_gen_literal_0"
               "\rlone CR\0NUL\x1bESC\x07BEL")
SUMMARY = 'Summary " \\ */ {{ s }} {% s %} #[s] r#"s"# __mcp_gen_literal_0'
OP_DESCRIPTION = "Description\nwith */ and {{ d }} and {% d %} and\r\n#[d] and r##\"d\"## and </script>"
QUERY_ENUM = ['a"b', "c*/d", "{{e}}", "{%f%}", "#[g]", 'r#"h"#', "i\nj", "</script>"]
KIND_ENUM = ['x"y', "*/", "{% if %}", "#[z]", 'r#"w"#', "multi\nline", "", "cr\rcrlf\r\nnul\0esc\x1b"]
TAG = 'tag "*/ {{ t }} {% t %} #[t]'
