import js from "@eslint/js";
import { readFileSync } from "node:fs";
import tseslint from "typescript-eslint";

// One list of the modules that never import vscode, shared with test/unit/boundary.test.ts.
const pureModules = JSON.parse(readFileSync(new URL("./pure-modules.json", import.meta.url), "utf8")).paths.map((path) => (path.endsWith("/") ? `${path}**/*.ts` : path));

export default tseslint.config(
  { ignores: ["dist/**", "media/**", "node_modules/**", ".vscode-test/**", ".cache/**", "out/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["esbuild.js", "eslint.config.mjs", "test/harness/ensureDependencies.mjs"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      curly: "error",
      eqeqeq: ["error", "always"],
      "no-throw-literal": "error",
    },
  },
  { files: ["src/**/*.ts"], rules: { "no-console": "error" } },
  {
    files: pureModules,
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "vscode", message: "Pure modules never import vscode: take what you need as a parameter." }] }],
    },
  },
  {
    files: ["esbuild.js", "test/harness/ensureDependencies.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "commonjs",
      globals: { require: "readonly", __dirname: "readonly", process: "readonly", console: "readonly" },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
  },
);
