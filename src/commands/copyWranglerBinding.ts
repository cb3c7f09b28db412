// Copy as Wrangler Binding (TOML or JSON) for an account mTLS leaf certificate: the
// `mtls_certificates` entry a Worker needs to present it to its origin.
import type { Services } from "../services";
import type { CertificateNode } from "../views/treeNodes";
import { bindingNameFor, jsonBindingSnippet, tomlBindingSnippet } from "../wrangler/bindingText";
import type { WranglerFormat } from "../wrangler/wranglerFiles";
import { certificateTarget } from "./certificateTargets";
import { copy } from "./copyCertificateValue";

function isFormat(value: unknown): value is WranglerFormat {
  return value === "toml" || value === "json";
}

/** Whether Cloudflare holds the certificate as a CA (from the cached list; undefined if it is gone). */
async function isCa(services: Services, node: CertificateNode): Promise<boolean | undefined> {
  const records = await services.repository.mtlsCertificates(node.account.id);
  return records.find((record) => record.id === node.certificateId)?.ca;
}

export async function copyWranglerBinding(services: Services, node?: unknown, format?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  if (!target) {
    await services.prompts.info("Select an account mTLS certificate in the Cloudflare mTLS view to copy its wrangler binding.");
    return;
  }
  if (target.certificateKind !== "mtlsCertificate") {
    await services.prompts.info(`“${target.name}” is ${target.noun}: Workers bind account mTLS certificates only.`);
    return;
  }
  const ca = await isCa(services, target);
  if (ca === undefined) {
    await services.prompts.info(`“${target.name}” is no longer in the account. Refresh the view.`);
    return;
  }
  if (ca) {
    await services.prompts.info(`“${target.name}” is a CA certificate: a Worker's mTLS binding presents a leaf certificate and its private key, uploaded with “ca: false”.`);
    return;
  }
  const chosen = isFormat(format)
    ? format
    : await services.prompts.pick<WranglerFormat>(
        [
          { label: "wrangler.toml", description: "[[mtls_certificates]]", value: "toml" },
          { label: "wrangler.json / wrangler.jsonc", description: '"mtls_certificates": [...]', value: "json" },
        ],
        { title: `Copy the wrangler binding of “${target.name}”`, placeHolder: "Which configuration file is it for?" },
      );
  if (!chosen) {
    return;
  }
  const values = { binding: bindingNameFor(target.name), certificateId: target.certificateId };
  const text = chosen === "toml" ? tomlBindingSnippet(values) : jsonBindingSnippet(values);
  await copy(services, `${text}\n`, chosen === "toml" ? "wrangler.toml binding" : "wrangler.json binding");
}
