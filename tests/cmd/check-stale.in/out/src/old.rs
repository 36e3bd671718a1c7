// gone from the spec
