// The manifest is code: every contributed command is in the command table and vice versa, every
// command has the category, menus name real commands, and every viewItem clause matches a
// contextValue the tree really produces.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CommandIds, ViewIds } from "../src/identifiers";
import { kindContextValues } from "../src/views/kinds/index";
import { SHARED_CONTEXT_VALUES } from "../src/views/treeModel";

const CONTEXT_VALUES: readonly string[] = [...SHARED_CONTEXT_VALUES, ...kindContextValues()];

interface Manifest {
  activationEvents?: string[];
  main: string;
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
    viewsWelcome: { view: string; when: string; contents: string }[];
    walkthroughs?: { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
}

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
const ownIds: string[] = Object.values(CommandIds);
const contributed = manifest.contributes.commands.map((command) => command.command);

suite("package.json manifest", () => {
  test("the command ids (whose handlers the command table must have) and contributes.commands are the same", () => {
    assert.ok(ownIds.length >= 10, "the command ids were found");
    assert.deepEqual([...ownIds].sort(), [...contributed].sort());
  });

  test("the view ids are the ones contributed", () => {
    const views = Object.values((manifest as unknown as { contributes: { views: Record<string, { id: string }[]> } }).contributes.views).flat().map((view) => view.id);
    assert.ok(views.includes(ViewIds.certificates));
  });

  test("every command has the category and a Title Case title", () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, "Cloudflare mTLS", command.command);
      assert.match(command.title, /^[A-Z][A-Za-z]*( [A-Za-z][A-Za-z]*)*(…)?$/, command.command);
    }
  });

  test("commands shown as buttons have a codicon", () => {
    const buttons = new Set(
      Object.values(manifest.contributes.menus)
        .flat()
        .filter((entry) => entry.group?.startsWith("navigation") || entry.group?.startsWith("inline"))
        .map((entry) => entry.command),
    );
    for (const command of manifest.contributes.commands.filter((item) => buttons.has(item.command))) {
      assert.match(command.icon ?? "", /^\$\([a-z-]+\)$/, command.command);
    }
  });

  test("every menu entry names a contributed command", () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok(contributed.includes(entry.command), `${menu}: ${entry.command}`);
      }
    }
  });

  test("every viewItem clause matches at least one contextValue the tree produces", () => {
    const entries = manifest.contributes.menus["view/item/context"] ?? [];
    assert.ok(entries.length > 0);
    for (const entry of entries) {
      const when = entry.when ?? "";
      const regex = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
      const exact = /viewItem == ([\w.]+)/.exec(when);
      if (regex?.[1]) {
        const pattern = new RegExp(regex[1]);
        assert.ok(CONTEXT_VALUES.some((value) => pattern.test(value)), `${entry.command}: ${when}`);
      } else if (exact?.[1]) {
        assert.ok(CONTEXT_VALUES.includes(exact[1]), `${entry.command}: ${when}`);
      } else {
        assert.fail(`${entry.command} has no viewItem clause: ${when}`);
      }
    }
  });

  test("never activated with the editor's start-up: only after it (the expiry watch), and never `*`", () => {
    // onStartupFinished runs after the workbench has started, so it delays nothing the user waits
    // for; the status bar's expiry watch and the wrangler checks need the extension without the
    // view being opened. Activation cost stays in `npm run bench` (start-up rows).
    assert.deepEqual(manifest.activationEvents, ["onStartupFinished"]);
  });

  test("the API base URL cannot be set by a workspace", () => {
    const setting = manifest.contributes.configuration.properties["cloudflareMtls.apiBaseUrl"];
    assert.equal(setting?.scope, "application");
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ["cloudflareMtls.apiBaseUrl"]);
    for (const property of Object.values(manifest.contributes.configuration.properties)) {
      assert.ok(property.scope && property.markdownDescription);
    }
  });

  test("a welcome view offers Sign In while signed out, and only once the extension knows (no Sign In flashed at a signed-in user while it starts)", () => {
    const signedOut = manifest.contributes.viewsWelcome.find((entry) => entry.when === "cloudflareMtls.ready && !cloudflareMtls.signedIn");
    assert.ok(signedOut?.contents.includes(`[Sign In](command:${CommandIds.signIn})`));
    const starting = manifest.contributes.viewsWelcome.filter((entry) => entry.when === "!cloudflareMtls.ready");
    assert.deepEqual(
      starting.map((entry) => entry.contents),
      ["Starting Cloudflare mTLS…"],
    );
    assert.ok(
      manifest.contributes.viewsWelcome.every((entry) => entry.when.includes("cloudflareMtls.ready") || entry.when.includes("cloudflareMtls.signedIn &&")),
      "every other welcome needs the extension running",
    );
  });

  test("bundle entry point is dist/extension.js", () => {
    assert.equal(manifest.main, "./dist/extension.js");
  });

  test("the Get Started walkthrough: sign in (with the token's permissions and the dashboard's token page), browse, upload a first CA, inspect a local file; each step completes on its command", () => {
    const [walkthrough, ...others] = manifest.contributes.walkthroughs ?? [];
    assert.ok(walkthrough);
    assert.deepEqual(others, []);
    assert.equal(walkthrough.title, "Get Started with Cloudflare mTLS");
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ["signIn", "browse", "uploadCa", "inspect"],
    );
    const step = (id: string) => walkthrough.steps.find((candidate) => candidate.id === id) ?? assert.fail(id);
    const signIn = step("signIn");
    assert.match(signIn.description, /\(https:\/\/dash\.cloudflare\.com\/profile\/api-tokens\)/);
    assert.match(signIn.description, /SSL and Certificates: Edit.*Access: Mutual TLS Certificates: Edit.*Account Settings: Read.*Zone: Read/);
    const commandOf = { signIn: CommandIds.signIn, browse: CommandIds.showCertificateDetails, uploadCa: CommandIds.uploadCertificate, inspect: CommandIds.inspectCertificate };
    for (const [id, command] of Object.entries(commandOf)) {
      assert.ok(step(id).completionEvents?.includes(`onCommand:${command}`), `${id} completes on ${command}`);
      const links = [...step(id).description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]);
      assert.equal(links.length, 1, `${id} has one button`);
    }
    for (const walkthroughStep of walkthrough.steps) {
      const media = walkthroughStep.media.markdown ?? "";
      assert.match(media, /^media\/walkthrough\/[a-z-]+\.md$/);
      assert.ok(readFileSync(join(root, media), "utf8").startsWith("# "), media);
      for (const event of walkthroughStep.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) {
          assert.ok(contributed.includes(command), `${walkthroughStep.id}: ${event} names a contributed command`);
        }
      }
    }
  });
});
