// Command etcd is etcd's own entry point (go.etcd.io/etcd/server/v3/etcdmain) with one change for
// the test tier: io.fabric8:kube-api-test starts etcd with client URLs on 0.0.0.0, and the tier keeps
// etcd on loopback, so those URLs are rewritten to 127.0.0.1 before etcd reads them.
package main

import (
	"os"
	"strings"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	args := make([]string, len(os.Args))
	for i, arg := range os.Args {
		args[i] = strings.ReplaceAll(arg, "://0.0.0.0:", "://127.0.0.1:")
	}
	etcdmain.Main(args)
}
