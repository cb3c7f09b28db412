// The one way a command asks which account: none to ask about says so, one is taken as it is,
// several are offered in a QuickPick.
import type { Account } from "../cloudflare/types";
import type { Services } from "../services";

export async function pickAccount(services: Services, title: string): Promise<Account | undefined> {
  const accounts = await services.repository.visibleAccounts();
  if (accounts.length === 0) {
    await services.prompts.warning("No Cloudflare account is shown. Choose the accounts to show first.");
    return undefined;
  }
  if (accounts.length === 1) {
    return accounts[0];
  }
  return services.prompts.pick(
    accounts.map((account) => ({ label: account.name || account.id, description: account.id, value: account })),
    { title, placeHolder: "Which account?" },
  );
}
