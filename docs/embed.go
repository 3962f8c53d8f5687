// Package docs carries docs/openapi.yaml into the binaries that publish it (GET
// /api/openapi.yaml), so a deployment serves exactly the document of the commit it was built
// from. go:embed cannot reach a parent folder, hence this package beside the file.
package docs

import _ "embed"

// OpenAPI is docs/openapi.yaml as it is in the repository. Callers must not modify it.
//
//go:embed openapi.yaml
var OpenAPI []byte
