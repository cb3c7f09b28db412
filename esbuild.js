// Bundles the extension (Node, CommonJS, `vscode` external) and the details webview script
// (browser, IIFE). `--production` minifies and drops sources from the maps; `--watch` rebuilds on
// change and reports errors in the shape the `$esbuild-watch` problem matcher reads.
const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/** Prints errors as `✘ [ERROR] message` + `file:line:column:` so VS Code's problem matcher finds them. */
const problemMatcherPlugin = {
  name: "esbuild-problem-matcher",
  setup(build) {
    build.onStart(() => {
      if (watch) {
        console.log("[watch] build started");
      }
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      if (watch) {
        console.log("[watch] build finished");
      }
    });
  },
};

/** Copies the codicon font and stylesheet into media/, so the webview never loads from node_modules. */
const copyCodiconsPlugin = {
  name: "copy-codicons",
  setup(build) {
    build.onEnd(() => {
      const from = path.join(__dirname, "node_modules", "@vscode", "codicons", "dist");
      const to = path.join(__dirname, "media", "codicons");
      fs.mkdirSync(to, { recursive: true });
      for (const file of ["codicon.css", "codicon.ttf"]) {
        fs.copyFileSync(path.join(from, file), path.join(to, file));
      }
    });
  },
};

/** Prints the bundle's size on each build: dist/extension.js is budgeted at 400 KB. */
const sizeReportPlugin = {
  name: "size-report",
  setup(build) {
    build.onEnd((result) => {
      if (!result.metafile) {
        return;
      }
      for (const [file, output] of Object.entries(result.metafile.outputs)) {
        if (file.endsWith(".js")) {
          console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KB`);
        }
      }
    });
  },
};

/**
 * The certificate decoder and its ASN.1 stack go in their own bundle, dist/certificates.js, which
 * the extension requires on first use (src/certificateDecoder.ts imports it
 * dynamically): activation and the tree never load it.
 */
const lazyDecoderPlugin = {
  name: "lazy-certificate-decoder",
  setup(build) {
    build.onResolve({ filter: /\/certificates\/decoder$/ }, (args) => (args.kind === "dynamic-import" ? { path: "./certificates.js", external: true } : undefined));
  },
};

/**
 * The wrangler files' parsers (toml-eslint-parser, jsonc-parser) go in dist/wranglerParsing.js,
 * required when the first wrangler file is looked at (src/wranglerParsing.ts imports it
 * dynamically): activation never loads them.
 */
const lazyWranglerParsingPlugin = {
  name: "lazy-wrangler-parsing",
  setup(build) {
    build.onResolve({ filter: /\/wrangler\/parsing$/ }, (args) => (args.kind === "dynamic-import" ? { path: "./wranglerParsing.js", external: true } : undefined));
  },
};

/**
 * jsonc-parser's "main" is a UMD build whose require("./impl/format") esbuild cannot follow (it
 * fails at run time with "Cannot find module './impl/format'"): bundle its ES module build instead.
 */
const jsoncParserEsmPlugin = {
  name: "jsonc-parser-esm",
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: require.resolve("jsonc-parser").replace(/[\\/]umd[\\/]main\.js$/, `${path.sep}esm${path.sep}main.js`) }));
  },
};

const shared = {
  bundle: true,
  minify: production,
  sourcemap: true,
  sourcesContent: !production,
  metafile: true,
  logLevel: "silent",
  logOverride: { "import-is-undefined": "error" },
};

/** The extension's two Node bundles, as a production build makes them (the benchmark reads these too). */
const nodeBundles = {
  extension: {
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["vscode"],
    // import() of the decoder becomes a plain require, resolved next to this bundle.
    supported: { "dynamic-import": false },
    plugins: [lazyDecoderPlugin, lazyWranglerParsingPlugin],
  },
  wranglerParsing: {
    entryPoints: ["src/wrangler/parsing.ts"],
    outfile: "dist/wranglerParsing.js",
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins: [jsoncParserEsmPlugin],
  },
  decoder: {
    entryPoints: ["src/certificates/decoder.ts"],
    outfile: "dist/certificates.js",
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins: [],
  },
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({
      ...shared,
      ...nodeBundles.extension,
      plugins: [problemMatcherPlugin, sizeReportPlugin, copyCodiconsPlugin, ...nodeBundles.extension.plugins],
    }),
    esbuild.context({
      ...shared,
      ...nodeBundles.decoder,
      plugins: [problemMatcherPlugin, sizeReportPlugin],
    }),
    esbuild.context({
      ...shared,
      ...nodeBundles.wranglerParsing,
      plugins: [problemMatcherPlugin, sizeReportPlugin, ...nodeBundles.wranglerParsing.plugins],
    }),
    esbuild.context({
      ...shared,
      entryPoints: ["src/webview/details.ts"],
      outfile: "media/details.js",
      format: "iife",
      platform: "browser",
      target: "es2022",
      plugins: [problemMatcherPlugin, sizeReportPlugin],
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  try {
    const results = await Promise.all(contexts.map((context) => context.rebuild()));
    if (results.some((result) => result.errors.length > 0)) {
      process.exitCode = 1;
    }
  } catch {
    process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}

module.exports = { nodeBundles };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
