// Pure: validation messages for what a user types while signing in.

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

export function validateSecret(value: string, what: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    return `Paste your ${what}.`;
  }
  if (/^bearer\s/i.test(trimmed)) {
    return `Paste only the ${what}, without "Bearer".`;
  }
  if (/\s/.test(trimmed)) {
    return `${capitalize(withArticle(what))} has no spaces or line breaks: check what you pasted.`;
  }
  if (trimmed.length < 20) {
    return `That is too short for ${withArticle(what)}.`;
  }
  return undefined;
}

export function validateEmail(value: string): string | undefined {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? undefined : "Enter the email address you sign in to Cloudflare with.";
}

export function validateAccountId(value: string): string | undefined {
  return /^[0-9a-f]{32}$/i.test(value.trim()) ? undefined : "An account ID is 32 hexadecimal characters (Dashboard → Account home → Account ID).";
}
