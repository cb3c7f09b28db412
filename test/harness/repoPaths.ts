// Where the harness reads and writes, relative to the repository root. Every folder written here
// is git-ignored (.cache/, out/, test-results/, dist/).
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");

/**
 * Node 24, code-server and their install logs: downloaded and built once, reused after.
 * CLOUDFLARE_MTLS_EDITOR_TOOLS_DIR moves it out of the clone, so fresh clones on one machine
 * (CI's, say) share one warm install.
 */
export const EDITOR_TOOLS_DIR = process.env.CLOUDFLARE_MTLS_EDITOR_TOOLS_DIR
  ? resolve(process.env.CLOUDFLARE_MTLS_EDITOR_TOOLS_DIR)
  : join(REPO_ROOT, ".cache", "editor-tools");

/** The integration tests bundled to JavaScript, which the extension host loads. */
export const INTEGRATION_BUNDLE_DIR = join(REPO_ROOT, "out", "integration");

export const TEST_RESULTS_DIR = join(REPO_ROOT, "test-results");

export const PACKAGED_VSIX = join(REPO_ROOT, "dist", "cloudflare-mtls.vsix");
