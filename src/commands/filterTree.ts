// The tree's filters in the view's title bar: only expiring and expired certificates (a toggle,
// its icon chosen by a context key), a text filter (an input box), and Clear Filter. The view's
// description says while a filter is on. They last for the session.
import { ContextKeys, setContext } from "../contextKeys";
import type { Services } from "../services";
import { describeFilter, NO_FILTER, type TreeFilter } from "../views/treeFilter";

export async function applyTreeFilter(services: Services, filter: TreeFilter): Promise<void> {
  services.tree.setFilter(filter);
  const applied = services.tree.filter;
  const described = describeFilter(applied);
  services.treeView.description = described;
  // The description is hidden when the side bar merges the view's title into its own: the message line always shows.
  services.treeView.message = described ? `${described}. Clear it from the view's title bar.` : undefined;
  await setContext(ContextKeys.filterExpiringOnly, applied.expiringOnly);
  await setContext(ContextKeys.filterText, applied.text !== "");
}

export function showOnlyExpiringCertificates(services: Services): Promise<void> {
  return applyTreeFilter(services, { ...services.tree.filter, expiringOnly: true });
}

export function showAllCertificates(services: Services): Promise<void> {
  return applyTreeFilter(services, { ...services.tree.filter, expiringOnly: false });
}

export async function filterCertificates(services: Services): Promise<void> {
  const text = await services.prompts.input({
    title: "Filter Certificates",
    prompt: "Show the certificates whose name, common name, issuer or hostnames contain this text (every word). Empty clears the text filter.",
    value: services.tree.filter.text,
    placeHolder: "e.g. api.example.com",
  });
  if (text === undefined) {
    return;
  }
  await applyTreeFilter(services, { ...services.tree.filter, text });
}

export function clearCertificateFilter(services: Services): Promise<void> {
  return applyTreeFilter(services, NO_FILTER);
}
