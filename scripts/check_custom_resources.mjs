#!/usr/bin/env node
// Checks every custom resource of rendered JSON Lists against its CRD's schema, with
// checkers we did not write, from the pinned npm packages in scripts/package.json:
//  - the package's validator (a JSON schema generated from the operator's API types):
//    types, formats, patterns, enums and required fields;
//  - TypeScript's excess-property check against the package's type declarations: unknown
//    fields, which the API server refuses under strict field validation (the validators
//    above let them through).
// A custom resource fails when no package models its apiVersion and kind: a renderer that
// moves to another CRD version must move the pinned package with it.
//
// Usage: node scripts/check_custom_resources.mjs RENDERED_DIR
// (RENDERED_DIR holds ENV.json files, each the output of `render ENV -o json`, and the
// `render gitops CONTROLLER -o json` Lists.)

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The custom resources the renderer prints, each from its package's model. */
const MODELS = [
  {
    module: "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
    type: "IServiceMonitor",
  },
  {
    module: "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
    type: "IPrometheusRule",
  },
  {
    module: "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret",
    type: "IExternalSecret",
  },
  // `render gitops argocd` and `render gitops flux`.
  { module: "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject", type: "IAppProject" },
  { module: "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application", type: "IApplication" },
  {
    module: "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet",
    type: "IApplicationSet",
  },
  {
    module: "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository",
    type: "IGitRepository",
  },
  {
    module: "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization",
    type: "IKustomization",
  },
];

/** apiVersion/kind -> { model class, module, type name }, as the packages declare them. */
export async function loadModels() {
  const models = new Map();
  for (const { module, type } of MODELS) {
    const exports = await import(module);
    const kind = module.split("/").pop();
    const model = exports[kind];
    models.set(`${model.apiVersion}/${model.kind}`, { model, module, type });
  }
  return models;
}

/** Built-in API groups are the core group, dotless ones and *.k8s.io (Kubernetes' rule). */
export function isBuiltIn(apiVersion) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  return !group.includes(".") || group.endsWith(".k8s.io");
}

function describe(item) {
  return `${item.kind}/${item.metadata?.name}`;
}

/** Problems of the custom resources among `items`, each prefixed with `where`. */
export function checkItems(where, items, models) {
  const problems = [];
  const typed = [];
  for (const item of items) {
    if (isBuiltIn(String(item.apiVersion))) continue;
    const entry = models.get(`${item.apiVersion}/${item.kind}`);
    if (!entry) {
      const known = [...models.keys()].join(", ");
      problems.push(`${where}: ${describe(item)}: no pinned CRD model for ${item.apiVersion} ${item.kind} (the packages have ${known})`);
      continue;
    }
    try {
      new entry.model(item).validate();
    } catch (error) {
      problems.push(`${where}: ${describe(item)}: ${error.message}`);
    }
    typed.push({ where, item, entry });
  }
  return problems.concat(unknownFields(typed));
}

/** Parsed declaration files, by file name and language version, shared by every check. */
const declarations = new Map();

/**
 * Unknown fields: each object becomes a TypeScript module `export const o = {...} satisfies
 * IKind;`, compiled in memory, where an object literal may only name declared properties.
 */
function unknownFields(typed) {
  if (typed.length === 0) return [];
  const sources = new Map();
  typed.forEach(({ item, entry }, index) => {
    const file = path.join(HERE, `.custom-resource-${index}.ts`);
    const text = `import type { ${entry.type} } from "${entry.module}";\n`
      + `export const o = ${JSON.stringify(item, null, 2)} satisfies ${entry.type};\n`;
    sources.set(file, { text, index });
  });
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => sources.has(file) || ts.sys.fileExists(file);
  host.readFile = (file) => sources.get(file)?.text ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    if (sources.has(file)) return ts.createSourceFile(file, sources.get(file).text, language);
    // Declaration files (TypeScript's own, the packages') are parsed once per process.
    const key = `${file}\0${JSON.stringify(language)}`;
    if (!declarations.has(key)) declarations.set(key, getSourceFile(file, language, ...rest));
    return declarations.get(key);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    const source = diagnostic.file && sources.get(diagnostic.file.fileName);
    if (!source) return `TypeScript: ${message}`;
    const { where, item } = typed[source.index];
    const field = fieldPath(diagnostic.file, diagnostic.start);
    return `${where}: ${describe(item)}: ${field}: ${message}`;
  });
}

/** The JSON path of the property a diagnostic points at, such as spec.endpoints.0.intervall. */
function fieldPath(sourceFile, position) {
  const parts = [];
  let node = findNode(sourceFile, position);
  while (node && !ts.isSatisfiesExpression(node)) {
    if (ts.isPropertyAssignment(node)) parts.unshift(JSON.parse(node.name.getText(sourceFile)));
    if (ts.isArrayLiteralExpression(node.parent)) parts.unshift(node.parent.elements.indexOf(node));
    node = node.parent;
  }
  return parts.join(".") || "(the object)";
}

function findNode(node, position) {
  const child = node.getChildren().find((c) => c.getStart() <= position && position < c.getEnd());
  return child ? findNode(child, position) : node;
}

async function main(directory) {
  const models = await loadModels();
  let passed = 0;
  let failed = 0;
  let resources = 0;
  for (const name of readdirSync(directory).filter((n) => n.endsWith(".json")).sort()) {
    const where = path.join(directory, name);
    const items = JSON.parse(readFileSync(where, "utf8")).items;
    const problems = checkItems(where, items, models);
    const count = items.filter((i) => !isBuiltIn(String(i.apiVersion))).length;
    resources += count;
    for (const problem of problems) console.log(problem);
    if (problems.length === 0) {
      passed += 1;
      console.log(`${where}: custom resources checked: ${count}, each matches its CRD model`);
    } else {
      failed += 1;
    }
  }
  if (resources === 0) {
    console.log(`${directory}: no custom resource to check`);
    failed += 1;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.length !== 3) {
    console.error("usage: node scripts/check_custom_resources.mjs RENDERED_DIR");
    process.exit(2);
  }
  process.exitCode = await main(process.argv[2]);
}
