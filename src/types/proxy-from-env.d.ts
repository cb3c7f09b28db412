// proxy-from-env 2.x ships no types. Its one export, as documented in its README and index.js:
// the proxy URL for `url` from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (either case) unless NO_PROXY
// excludes it, or "" for none. It reads process.env on every call.
declare module "proxy-from-env" {
  export function getProxyForUrl(url: string | URL): string;
}
