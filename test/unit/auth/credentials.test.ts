// The credential store over an in-memory SecretStorage: one JSON value, nothing unreadable is
// trusted, every window's change is followed, and a failing keyring is said plainly.
import "../../support/vscodeModule";
import assert from "node:assert/strict";
import { CredentialStorageError, CredentialStore, secretsOf, type StoredCredentials } from "../../../src/auth/credentials";
import { InMemorySecretStorage } from "../../support/inMemorySecretStorage";

const KEY = "cloudflareMtls.credentials";
const TOKEN: StoredCredentials = { credentials: { kind: "apiToken", token: "t".repeat(40) }, apiBaseUrl: "https://api.cloudflare.com/client/v4", label: "API token (id 1234abcd…)" };
const GLOBAL_KEY: StoredCredentials = { credentials: { kind: "globalApiKey", email: "a@example.com", key: "k".repeat(37) }, apiBaseUrl: "https://api.cloudflare.com/client/v4", label: "Global API key of a@example.com" };

suite("auth/credentials", () => {
  let secrets: InMemorySecretStorage;
  let store: CredentialStore;

  setup(() => {
    secrets = new InMemorySecretStorage();
    store = new CredentialStore(secrets);
  });

  teardown(() => store.dispose());

  test("nothing stored: signed out", async () => {
    assert.equal(await store.get(), undefined);
  });

  test("set stores one JSON value, get returns it, and onDidChange fires", async () => {
    const changes: (StoredCredentials | undefined)[] = [];
    store.onDidChange((value) => changes.push(value));
    await store.set(TOKEN);
    assert.deepEqual(JSON.parse(secrets.raw(KEY) ?? ""), TOKEN);
    assert.deepEqual(await store.get(), TOKEN);
    assert.deepEqual(changes[0], TOKEN);
  });

  test("clear deletes the secret", async () => {
    await store.set(TOKEN);
    await store.clear();
    assert.equal(secrets.raw(KEY), undefined);
    assert.equal(await store.get(), undefined);
  });

  test("a value another window stored is read afresh and announced", async () => {
    await store.set(TOKEN);
    await new Promise((resolve) => setImmediate(resolve)); // the store's own write is announced first
    const changed = new Promise<StoredCredentials | undefined>((resolve) => store.onDidChange(resolve));
    secrets.storeFromElsewhere(KEY, JSON.stringify(GLOBAL_KEY));
    assert.deepEqual(await changed, GLOBAL_KEY);
    assert.deepEqual(await store.get(), GLOBAL_KEY);
  });

  test("a value that cannot be read, or is missing a part, counts as signed out", async () => {
    for (const text of ["not json", "{}", JSON.stringify({ ...TOKEN, credentials: { kind: "apiToken", token: "" } }), JSON.stringify({ ...TOKEN, apiBaseUrl: 1 }), JSON.stringify({ ...GLOBAL_KEY, credentials: { kind: "globalApiKey", email: "a@example.com" } })]) {
      const other = new InMemorySecretStorage();
      other.storeFromElsewhere(KEY, text);
      const reader = new CredentialStore(other);
      assert.equal(await reader.get(), undefined, text);
      reader.dispose();
    }
  });

  test("a keyring that fails is a CredentialStorageError naming the action, and is asked again next time", async () => {
    secrets.failure = new Error("no keyring");
    await assert.rejects(store.get(), (error: unknown) => error instanceof CredentialStorageError && /could not read/.test(error.message) && /keyring/.test(error.message));
    await assert.rejects(store.set(TOKEN), (error: unknown) => error instanceof CredentialStorageError && /could not store/.test(error.message));
    secrets.failure = undefined;
    assert.equal(await store.get(), undefined, "a failed read is not cached");
  });

  test("the secrets a log must never show: the token, or the Global API key", () => {
    assert.deepEqual(secretsOf(TOKEN), [TOKEN.credentials.kind === "apiToken" ? TOKEN.credentials.token : ""]);
    assert.deepEqual(secretsOf(GLOBAL_KEY), ["k".repeat(37)]);
    assert.deepEqual(secretsOf(undefined), []);
  });
});
