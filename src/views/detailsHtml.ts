// Pure: the details view model → one HTML document. Every value goes through escapeHtml, the
// only script is ours (by nonce), and styles come from media/ under a CSP without 'unsafe-inline'.
import type { CertificateSectionView, DetailsRow, DetailsViewModel, ValidityView } from "./detailsModel";

export interface DetailsAssets {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconUri: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

export function contentSecurityPolicy(assets: Pick<DetailsAssets, "cspSource" | "nonce">): string {
  return [
    "default-src 'none'",
    `style-src ${assets.cspSource}`,
    `font-src ${assets.cspSource}`,
    `img-src ${assets.cspSource} data:`,
    `script-src 'nonce-${assets.nonce}'`,
  ].join("; ");
}

function icon(name: string): string {
  return `<span class="codicon codicon-${escapeHtml(name)}" aria-hidden="true"></span>`;
}

/**
 * A line of a value, escaped. With `breakAfter`, each part up to and including a separator is
 * kept together (an inline block), with a break opportunity (<wbr>) after it: a distinguished
 * name wraps between its RDNs before it wraps inside one.
 */
function lineHtml(line: string, breakAfter: string | undefined): string {
  if (!breakAfter) {
    return escapeHtml(line);
  }
  const parts: string[] = [];
  let current = "";
  for (const character of line) {
    current += character;
    if (breakAfter.includes(character)) {
      parts.push(current);
      current = "";
    }
  }
  if (current) {
    parts.push(current);
  }
  return parts.map((part) => `<span class="part">${escapeHtml(part)}</span>`).join("<wbr>");
}

function valueHtml(row: DetailsRow): string {
  const lines = row.value
    .split("\n")
    .map((line) => lineHtml(line, row.breakAfter))
    .join("<br>");
  const classes = row.monospace ? "value mono" : "value";
  const copy = row.copyKey
    ? `<button class="copy" type="button" data-copy="${escapeHtml(row.copyKey)}" title="Copy ${escapeHtml(row.label)}" aria-label="Copy ${escapeHtml(row.label)}">${icon("copy")}</button>`
    : "";
  return `<dd><span class="${classes}">${lines}</span>${copy}</dd>`;
}

function rowsHtml(rows: readonly DetailsRow[]): string {
  return `<dl>${rows.map((row) => `<dt>${escapeHtml(row.label)}</dt>${valueHtml(row)}`).join("")}</dl>`;
}

const STATE_ICON: Record<ValidityView["state"], string> = { valid: "pass", expiring: "warning", expired: "error", notYetValid: "clock" };

function validityHtml(validity: ValidityView): string {
  const percent = Math.max(0, Math.min(100, Math.round(validity.elapsedPercent)));
  return `<div class="validity state-${validity.state}">
  <div class="validity-label">${icon(STATE_ICON[validity.state])}<strong>${escapeHtml(validity.label)}</strong></div>
  <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}" aria-label="Share of the validity period that has passed"><div class="fill" data-percent="${percent}"></div></div>
  <div class="validity-dates"><span>${validity.notBefore ? `Not before ${escapeHtml(validity.notBefore)}` : ""}</span><span>Not after ${escapeHtml(validity.notAfter)}</span></div>
</div>`;
}

function sectionHtml(section: CertificateSectionView, index: number): string {
  const groups = section.groups.map((group) => `<h3>${escapeHtml(group.title)}</h3>${rowsHtml(group.rows)}`).join("\n");
  return `<section class="certificate" id="certificate-${index + 1}">
<h2>${escapeHtml(section.heading)}</h2>
<p class="summary">${escapeHtml(section.summary)}</p>
${validityHtml(section.validity)}
${groups}
</section>`;
}

export function renderDetailsHtml(model: DetailsViewModel, assets: DetailsAssets): string {
  const nonce = escapeHtml(assets.nonce);
  const warnings = model.warnings.length
    ? `<div class="warnings" role="alert">${model.warnings.map((warning) => `<p>${icon("warning")}${escapeHtml(warning)}</p>`).join("")}</div>`
    : "";
  const notice = model.notice ? `<p class="notice">${icon("info")}${escapeHtml(model.notice)}</p>` : "";
  const actions = model.actions.length
    ? `<div class="actions">${model.actions
        .map((action) => `<button type="button" data-action="${escapeHtml(action.action)}">${icon(action.icon)}${escapeHtml(action.label)}</button>`)
        .join("")}</div>`
    : "";
  const chain = model.chain
    ? `<section class="chain"><h2>Chain ${model.chain.complete ? icon("pass") : icon("warning")}${model.chain.complete ? "complete" : "incomplete"}</h2><ol>${model.chain.steps
        .map((step) => `<li class="${step.ok === false ? "bad" : step.ok ? "good" : ""}"><strong>${escapeHtml(step.name)}</strong> <span>${escapeHtml(step.note)}</span></li>`)
        .join("")}</ol>${model.chain.breaks.map((item) => `<p class="break">${icon("error")}${escapeHtml(item)}</p>`).join("")}</section>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.codiconUri)}">
<link rel="stylesheet" href="${escapeHtml(assets.styleUri)}">
<title>${escapeHtml(model.title)}</title>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<p class="subtitle">${escapeHtml(model.subtitle)}</p>
${actions}
</header>
${warnings}
${notice}
${model.validity ? validityHtml(model.validity) : ""}
${model.overview.length ? `<section class="overview"><h2>Overview</h2>${rowsHtml(model.overview)}</section>` : ""}
${chain}
${model.certificates.map(sectionHtml).join("\n")}
<script nonce="${nonce}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}
