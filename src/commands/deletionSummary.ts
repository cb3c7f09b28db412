// Pure: the text of the delete confirmation. It names every certificate, its kind, where it lives,
// and what will break, as each kind describes it (src/views/kinds).
import type { DeletionItem } from "../views/kinds/certificateKindModule";

export function deletionSummary(items: readonly DeletionItem[]): { message: string; detail: string; confirm: string } {
  const first = items[0];
  const message =
    items.length === 1 && first
      ? `Delete the ${first.kindLabel} “${first.name}” from ${first.where}?`
      : `Delete ${items.length} certificates from Cloudflare?`;
  const detail = items
    .map((item) => (items.length === 1 ? item.consequence : `• ${item.name} (${item.kindLabel}, ${item.where}): ${item.consequence}`))
    .concat(["", "This cannot be undone: to use it again you would upload it again."])
    .join("\n");
  return { message, detail, confirm: items.length === 1 ? "Delete" : `Delete ${items.length} Certificates` };
}
