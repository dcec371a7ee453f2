//go:build tools

// Keeps go.mod and go.sum complete for `go build k8s.io/kubernetes/cmd/kube-apiserver` under
// `go mod tidy`, which otherwise drops what only that command needs.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver/app"
