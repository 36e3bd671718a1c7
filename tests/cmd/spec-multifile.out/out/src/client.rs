//! One typed async function per operation of the API.
//!
//! Each function turns its arguments struct into a request (path segments,
//! query pairs in the parameter's style, headers, cookies and a JSON body)
//! and hands it to the shared upstream connection pool.
use crate::runtime::Upstream;
/// The API's operations over one upstream connection pool. Cloning is cheap.
#[derive(Clone)]
pub struct Client {
    upstream: Upstream,
}
impl Client {
    pub fn new(upstream: Upstream) -> Self {
        Client { upstream }
    }
    /// The upstream connection this client calls.
    pub fn upstream(&self) -> &Upstream {
        &self.upstream
    }
    /// POST /pets
    ///
    ///operationId: `addPet`
    pub async fn add_pet(
        &self,
        args: crate::types::AddPetArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::POST);
        request.push_path("/pets");
        request.json_body("application/json", &args.body)?;
        self.upstream.send(request).await
    }
    /// GET /pets/{petId}
    ///
    ///operationId: `getPet`
    pub async fn get_pet(
        &self,
        args: crate::types::GetPetArgs,
    ) -> Result<crate::runtime::ApiResponse, crate::runtime::CallError> {
        let mut request = crate::runtime::Request::new(::reqwest::Method::GET);
        request.push_path("/pets/");
        request.path_param("petId", &args.pet_id, crate::runtime::Style::Simple, false)?;
        self.upstream.send(request).await
    }
}
