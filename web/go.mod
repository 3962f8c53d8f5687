// The browser app is not Go. This file makes web/ a module of its own, so go test ./...,
// go vet and staticcheck of the main module never walk into web/node_modules.
module crmportal/web

go 1.26
