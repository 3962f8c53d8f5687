const HEX = /^#[0-9a-fA-F]{6}$/;

/** WCAG's contrast ratio of an sRGB colour (channels 0-255) against white. */
export function contrastOnWhite(rgb: readonly [number, number, number]): number {
  const weights = [0.2126, 0.7152, 0.0722] as const;
  let luminance = 0;
  rgb.forEach((channel, index) => {
    const c = channel / 255;
    const linear = c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    luminance += weights[index as 0 | 1 | 2] * linear;
  });
  return 1.05 / (luminance + 0.05);
}

/**
 * A brand colour that reads on white and behind white text (4.5:1, WCAG AA): `hex`
 * (#rrggbb) as it is when it does, else darkened step by step keeping its hue, the same rule
 * as the emails' colour on the server (orgmail.Brand), so the portal and its emails agree.
 * Anything but a #rrggbb colour gives undefined (the app's own accent stays).
 */
export function readableBrandColor(hex: string | undefined): string | undefined {
  if (!hex || !HEX.test(hex)) return undefined;
  const rgb: [number, number, number] = [
    Number.parseInt(hex.slice(1, 3), 16),
    Number.parseInt(hex.slice(3, 5), 16),
    Number.parseInt(hex.slice(5, 7), 16),
  ];
  while (contrastOnWhite(rgb) < 4.5) {
    for (let i = 0; i < 3; i++) rgb[i] = Math.floor((rgb[i] ?? 0) * 0.9);
  }
  return `#${rgb.map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
}
