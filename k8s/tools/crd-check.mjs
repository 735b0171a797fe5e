// Validates the custom resources Validate.java collected (KEDA, CloudNativePG, Prometheus Operator)
// against the models that the @kubernetes-models packages generate from each operator's CRDs, twice:
//  1. their runtime validators: types, required fields, enums, formats (they ignore unknown fields);
//  2. the TypeScript compiler on each object as a typed literal: an unknown field anywhere in the
//     object is an "excess property" error, and a wrong type fails too.
// Usage: node crd-check.mjs crds.json   (exit 1 on any violation)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

const entries = JSON.parse(readFileSync(process.argv[2], "utf8"));
const violations = [];
const typed = []; // objects for the TypeScript pass: { where, module, kind, doc }

for (const { where, doc } of entries) {
  const [group, version] = doc.apiVersion.split("/");
  const module = `${packages[group]}/${group}/${version}`;
  let Model;
  try {
    Model = packages[group] && (await import(module))[doc.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    violations.push(`VIOLATION ${where}: no CRD schema known for ${doc.apiVersion} ${doc.kind}`);
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    violations.push(`VIOLATION ${where}: CRD schema: ${e.message.replaceAll("\n", "; ")}`);
  }
  typed.push({ where, module, kind: doc.kind, doc });
}

// One typed constant per object; remember which lines belong to which object to report by object.
// Under tools/ so the compiler resolves the packages from tools/node_modules; one per run.
const dir = join(here, "target", `crd-types-${process.pid}`);
mkdirSync(dir, { recursive: true });
const lines = [];
const owners = []; // owners[lineIndex] = where
typed.forEach(({ where, module, kind, doc }, i) => {
  lines.push(`import type { I${kind} as T${i} } from "${module}";`);
  owners.push(where);
  for (const l of `export const o${i}: T${i} = ${JSON.stringify(doc, null, 2)};`.split("\n")) {
    lines.push(l);
    owners.push(where);
  }
});
writeFileSync(join(dir, "objects.ts"), lines.join("\n") + "\n");
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: true, types: [],
      module: "nodenext", moduleResolution: "nodenext", target: "es2022",
    },
    files: ["objects.ts"],
  }),
);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let output = "";
try {
  execFileSync(process.execPath, [tsc, "-p", "."], { cwd: dir, encoding: "utf8" });
} catch (e) {
  output = String(e.stdout ?? "") + String(e.stderr ?? "");
}
rmSync(dir, { recursive: true, force: true });
for (const m of output.matchAll(/objects\.ts\((\d+),\d+\): error TS\d+: (.*)$/gm)) {
  const line = Number(m[1]) - 1;
  const field = (lines[line] ?? "").trim().replace(/,$/, "");
  violations.push(`VIOLATION ${owners[line] ?? "?"}: CRD schema (strict): ${m[2]} [at ${field}]`);
}
if (output && !/error TS/.test(output)) {
  violations.push(`VIOLATION crd-check: the TypeScript check did not run: ${output.trim()}`);
}

violations.forEach((v) => console.log(v));
console.log(`crd schemas: ${typed.length} objects checked (types + unknown fields), ${violations.length} violation(s)`);
process.exit(violations.length ? 1 : 0);
