// Command health-check judges LambdaEfsMount objects the way GitOps tools do, with their own
// libraries: kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status), which Flux and kubectl wait use,
// and Argo CD's custom health check (deploy/argocd/health.lua) under gopher-lua, called the way
// Argo CD calls it: a fresh interpreter with only the package, base and table libraries, the object
// as the global obj, a one-second deadline, and the returned table's status and message.
//
// Usage: health-check HEALTH.lua < objects.json
//
// objects.json is a JSON array of objects (as the API server returns them); the output is a JSON
// array with, for each, {name, kstatus, kstatusMessage, argocd, argocdMessage}.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type verdict struct {
	Name           string `json:"name"`
	Kstatus        string `json:"kstatus"`
	KstatusMessage string `json:"kstatusMessage"`
	Argocd         string `json:"argocd"`
	ArgocdMessage  string `json:"argocdMessage"`
}

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: health-check HEALTH.lua < objects.json"))
	}
	script, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var raw []json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&raw); err != nil {
		fail(fmt.Errorf("reading the objects: %w", err))
	}
	verdicts := make([]verdict, 0, len(raw))
	for _, r := range raw {
		// Decoded as the API machinery decodes objects: integers become int64.
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(r); err != nil {
			fail(fmt.Errorf("decoding an object: %w", err))
		}
		ks, err := status.Compute(u)
		if err != nil {
			fail(fmt.Errorf("kstatus of %s: %w", u.GetName(), err))
		}
		hs, msg, err := argoHealth(u.Object, string(script))
		if err != nil {
			fail(fmt.Errorf("health.lua on %s: %w", u.GetName(), err))
		}
		verdicts = append(verdicts, verdict{u.GetName(), ks.Status.String(), ks.Message, hs, msg})
	}
	if err := json.NewEncoder(os.Stdout).Encode(verdicts); err != nil {
		fail(err)
	}
}

func argoHealth(obj map[string]interface{}, script string) (string, string, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true},
			lua.LString(lib.name)); err != nil {
			return "", "", err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return "", "", err
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return "", "", fmt.Errorf("expect table output from Lua script, not %s", l.Get(-1).Type())
	}
	message := ""
	if m, ok := table.RawGetString("message").(lua.LString); ok {
		message = string(m)
	}
	return table.RawGetString("status").String(), message, nil
}

// toLua turns a decoded JSON value into Lua values as Argo CD does: objects and arrays become
// tables (arrays from index 1), numbers become Lua numbers.
func toLua(l *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case int64:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	case []interface{}:
		t := l.CreateTable(len(v), 0)
		for _, item := range v {
			t.Append(toLua(l, item))
		}
		return t
	case map[string]interface{}:
		t := l.CreateTable(0, len(v))
		for key, item := range v {
			t.RawSetH(lua.LString(key), toLua(l, item))
		}
		return t
	}
	return lua.LNil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "health-check:", err)
	os.Exit(1)
}
