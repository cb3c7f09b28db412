// Runs inside the certificate details webview (DOM only). It never builds HTML from data: the
// extension renders the page; this script wires the buttons and sizes the validity bars.
import { isDetailsAction, type FromDetailsWebview, type ToDetailsWebview } from "../views/detailsProtocol";

const vscode = acquireVsCodeApi();

function post(message: FromDetailsWebview): void {
  vscode.postMessage(message);
}

for (const fill of Array.from(document.querySelectorAll<HTMLElement>(".fill[data-percent]"))) {
  const percent = Number(fill.dataset.percent);
  fill.style.width = `${Number.isFinite(percent) ? Math.max(0, Math.min(100, percent)) : 0}%`;
}

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("button") : null;
  if (!target) {
    return;
  }
  const copyKey = target.getAttribute("data-copy");
  if (copyKey) {
    post({ type: "copy", key: copyKey });
    return;
  }
  const action = target.getAttribute("data-action") ?? undefined;
  if (isDetailsAction(action)) {
    post({ type: "action", action });
  }
});

window.addEventListener("message", (event: MessageEvent<ToDetailsWebview>) => {
  const message = event.data;
  switch (message.type) {
    case "copied": {
      const button = document.querySelector<HTMLElement>(`button[data-copy="${CSS.escape(message.key)}"]`);
      if (button) {
        button.classList.add("copied");
        button.setAttribute("title", "Copied");
        window.setTimeout(() => button.classList.remove("copied"), 1500);
      }
      break;
    }
    case "busy":
      document.body.classList.toggle("busy", message.busy);
      break;
  }
});
