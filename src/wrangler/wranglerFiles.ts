// Which files are wrangler configuration, by name: known without loading a parser, so the editor
// can tell at once whether a document needs the (lazily loaded) parsing bundle at all.

export type WranglerFormat = "toml" | "json";

/** The format of a wrangler configuration file, by its name; undefined for any other file. */
export function wranglerFormatOf(fileName: string): WranglerFormat | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  if (base === "wrangler.toml") {
    return "toml";
  }
  if (base === "wrangler.json" || base === "wrangler.jsonc") {
    return "json";
  }
  return undefined;
}
