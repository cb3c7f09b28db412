// Whether a text looks like it holds PEM, without decoding anything: cheap enough for menus'
// context keys and for choosing the active editor as a command's source. It imports nothing, so
// the extension's own bundle can use it without loading the certificate decoder.

/** A PEM BEGIN line ("-----BEGIN CERTIFICATE-----", "-----BEGIN EC PRIVATE KEY-----"), anywhere in a text. */
const BEGIN_MARKER = /-----BEGIN [A-Z0-9 #]+-----/;

/** Whether the text holds the start of a PEM block. */
export function holdsPemBlock(text: string): boolean {
  return BEGIN_MARKER.test(text);
}
