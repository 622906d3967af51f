// Command validate-infra checks the deployment files in infra/ offline: no cluster, no network.
//
//	validate-infra render TARGET
//	    prints the objects a kustomization folder renders to (or a manifest file holds) as one
//	    JSON array, or a compose file's loaded project as JSON: input for policy tests.
//	validate-infra check [-crds DIR] TARGET...
//	    TARGET is a kustomization folder (rendered first, then every object checked), a compose
//	    file (name containing "compose"), or a plain manifest file.
//
// Built-in kinds are decoded strictly into the typed Kubernetes API (k8s.io/api through
// client-go's scheme): an unknown field, a duplicate field or a value of the wrong type fails.
// Custom resources are checked against the OpenAPI schema of their CRD (vendored under -crds)
// the way the API server does: types, enums, required fields, and fields the schema lacks.
// Compose files go through compose-go's loader, which validates against the compose-spec
// JSON schema it embeds. A kind with neither a Go type nor a CRD is itself a problem, so every
// object is checked by something.
//
// One line per problem on stdout, "TARGET: KIND/NAME: FIELD: MESSAGE"; exit 1 when there is
// any, 2 when the command line is wrong.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	composetypes "github.com/compose-spec/compose-go/v2/types"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	kubejson "k8s.io/apimachinery/pkg/util/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/applyconfigurations"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "render":
		if len(os.Args) != 3 {
			usage()
		}
		var out []byte
		var err error
		if isCompose(os.Args[2]) {
			var project *composetypes.Project
			if project, err = loadCompose(os.Args[2]); err == nil {
				out, err = project.MarshalJSON()
			}
		} else {
			var objects []object
			if objects, err = renderOrRead(os.Args[2]); err == nil {
				out, err = json.MarshalIndent(objects, "", "  ")
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[2], err)
			os.Exit(1)
		}
		fmt.Println(string(out))
	case "check":
		flags := flag.NewFlagSet("check", flag.ExitOnError)
		crdDir := flags.String("crds", "", "folder of CustomResourceDefinition YAML files for custom kinds")
		_ = flags.Parse(os.Args[2:])
		if flags.NArg() == 0 {
			usage()
		}
		crds, err := loadCRDs(*crdDir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "-crds %s: %v\n", *crdDir, err)
			os.Exit(2)
		}
		problems := 0
		for _, target := range flags.Args() {
			for _, p := range checkTarget(target, crds) {
				fmt.Println(p)
				problems++
			}
		}
		if problems > 0 {
			fmt.Fprintf(os.Stderr, "%d problem(s)\n", problems)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "ok: %s\n", strings.Join(flags.Args(), ", "))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: validate-infra render TARGET | validate-infra check [-crds DIR] TARGET...")
	os.Exit(2)
}

type object = map[string]interface{}

// renderOrRead renders a kustomization folder or reads the objects of a manifest file.
func renderOrRead(path string) ([]object, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return render(path)
	}
	return readManifests(path)
}

// render runs kustomize in-process (the same library `kubectl kustomize` uses).
func render(dir string) ([]object, error) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	resources, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, err
	}
	objects := []object{}
	for _, r := range resources.Resources() {
		data, err := r.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.CurId(), err)
		}
		var obj object
		// k8s.io's JSON decoding: integers as int64, as the API server decodes them.
		if err := kubejson.Unmarshal(data, &obj); err != nil {
			return nil, fmt.Errorf("%s: %w", r.CurId(), err)
		}
		objects = append(objects, obj)
	}
	return objects, nil
}

func checkTarget(target string, crds map[schema.GroupVersionKind]*crdSchema) []string {
	info, err := os.Stat(target)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", target, err)}
	}
	var objects []object
	switch {
	case info.IsDir():
		objects, err = render(target)
		if err != nil {
			return []string{fmt.Sprintf("%s: kustomize build failed: %v", target, err)}
		}
	case isCompose(target):
		return checkCompose(target)
	default:
		objects, err = readManifests(target)
		if err != nil {
			return []string{fmt.Sprintf("%s: %v", target, err)}
		}
	}
	if len(objects) == 0 {
		return []string{fmt.Sprintf("%s: no objects", target)}
	}
	var problems []string
	for _, obj := range objects {
		for _, p := range checkObject(obj, crds) {
			problems = append(problems, fmt.Sprintf("%s: %s/%s: %s", target, kindOf(obj), nameOf(obj), p))
		}
	}
	return problems
}

func readManifests(path string) ([]object, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var objects []object
	for {
		var obj object
		if err := decoder.Decode(&obj); err != nil {
			if errors.Is(err, io.EOF) {
				return objects, nil
			}
			return nil, err
		}
		if obj != nil {
			objects = append(objects, obj)
		}
	}
}

// The Kubernetes OpenAPI schema of every built-in kind, as compiled into client-go.
var typeConverter = applyconfigurations.NewTypeConverter(scheme.Scheme)

var strictDecoder = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, kjson.SerializerOptions{Strict: true})

func checkObject(obj object, crds map[schema.GroupVersionKind]*crdSchema) []string {
	apiVersion, _ := obj["apiVersion"].(string)
	kind := kindOf(obj)
	if apiVersion == "" || kind == "" {
		return []string{"apiVersion and kind: required"}
	}
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return []string{fmt.Sprintf("apiVersion: %v", err)}
	}
	gvk := gv.WithKind(kind)
	if crd, ok := crds[gvk]; ok {
		return crd.check(obj)
	}
	if !scheme.Scheme.Recognizes(gvk) {
		return []string{fmt.Sprintf("apiVersion/kind: no schema for %s (not a built-in kind and no CRD given)", gvk)}
	}
	// Two checks that complement each other: the OpenAPI schema reports every wrong field with
	// its path; the strict decoder also catches duplicate fields and some wrong types the
	// schema walk skips (inside list keys), but stops at its first type error.
	var problems []string
	if _, err := typeConverter.ObjectToTyped(&unstructured.Unstructured{Object: obj}); err != nil {
		problems = splitLines(err.Error())
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return append(problems, err.Error())
	}
	if _, _, err := strictDecoder.Decode(data, nil, nil); err != nil {
		for _, line := range splitStrictErrors(err) {
			if !mentionsField(problems, line) {
				problems = append(problems, line)
			}
		}
	}
	return problems
}

var strictField = regexp.MustCompile(`(?:unknown field|duplicate field|Go struct field) "?([^" ]+)`)

// mentionsField says whether a schema problem already names the field of a strict-decoding one.
func mentionsField(problems []string, strictLine string) bool {
	match := strictField.FindStringSubmatch(strictLine)
	if match == nil {
		return false
	}
	path := match[1]
	field := path[strings.LastIndex(path, ".")+1:]
	for _, p := range problems {
		if strings.Contains(p, "."+field+":") {
			return true
		}
	}
	return false
}

func splitLines(msg string) []string {
	var lines []string
	for _, line := range strings.Split(msg, "\n") {
		if line = strings.TrimSpace(line); line != "" && line != "errors:" {
			lines = append(lines, line)
		}
	}
	return lines
}

// splitStrictErrors gives one line per field: strict decoding joins them with ", ".
func splitStrictErrors(err error) []string {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "strict decoding error: "); ok {
		return strings.Split(rest, ", ")
	}
	return []string{msg}
}

type crdSchema struct {
	validator  validation.SchemaValidator
	structural *structuralschema.Structural
}

func (c *crdSchema) check(obj object) []string {
	var problems []string
	for _, e := range validation.ValidateCustomResource(nil, obj, c.validator) {
		problems = append(problems, e.Error())
	}
	copied := runtime.DeepCopyJSON(obj)
	unknown := pruning.PruneWithOptions(copied, c.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, path := range unknown {
		problems = append(problems, fmt.Sprintf("%s: unknown field (not in the CRD schema)", path))
	}
	sort.Strings(problems)
	return problems
}

func loadCRDs(dir string) (map[schema.GroupVersionKind]*crdSchema, error) {
	crds := map[schema.GroupVersionKind]*crdSchema{}
	if dir == "" {
		return crds, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(data, &crd); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, version := range crd.Spec.Versions {
			if version.Schema == nil {
				continue
			}
			var internal apiextensions.CustomResourceValidation
			if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(version.Schema, &internal, nil); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			validator, _, err := validation.NewSchemaValidator(internal.OpenAPIV3Schema)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			structural, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: version.Name, Kind: crd.Spec.Names.Kind}
			crds[gvk] = &crdSchema{validator: validator, structural: structural}
		}
	}
	return crds, nil
}

func isCompose(path string) bool {
	return strings.Contains(filepath.Base(path), "compose")
}

// loadCompose loads the file the way `docker compose config` does, which validates it against
// the compose-spec schema. Environment files are not read (they hold secrets and are not in the
// repository); interpolation uses the defaults written in the file.
func loadCompose(path string) (*composetypes.Project, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	details := composetypes.ConfigDetails{
		WorkingDir:  filepath.Dir(abs),
		ConfigFiles: []composetypes.ConfigFile{{Filename: abs, Content: data}},
		Environment: map[string]string{},
	}
	return loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("model-factory", true)
		o.SkipResolveEnvironment = true
	})
}

func checkCompose(path string) []string {
	if _, err := loadCompose(path); err != nil {
		var lines []string
		for _, line := range splitLines(err.Error()) {
			lines = append(lines, fmt.Sprintf("%s: %s", path, line))
		}
		return lines
	}
	return nil
}

func kindOf(obj object) string {
	kind, _ := obj["kind"].(string)
	return kind
}

func nameOf(obj object) string {
	if meta, ok := obj["metadata"].(map[string]interface{}); ok {
		if name, ok := meta["name"].(string); ok {
			return name
		}
	}
	return "(unnamed)"
}
