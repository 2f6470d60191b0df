const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/gu;
const LTR_LETTER = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0900-\u0DFF\u3040-\u9FFF]/gu;

/**
 * Picks the paragraph direction of a user's text by which script has more letters, falling
 * back to the interface direction on a tie. Unlike the first-strong rule of dir="auto", an Urdu
 * title that starts with an English word ("React کا نیا ورژن") stays right-to-left, and the
 * English word is laid out as an embedded left-to-right run.
 */
export function textDirection(text: string, interfaceDirection: 'ltr' | 'rtl'): 'ltr' | 'rtl' {
  const rtl = text.match(RTL_LETTER)?.length ?? 0;
  const ltr = text.match(LTR_LETTER)?.length ?? 0;
  if (rtl === ltr) return interfaceDirection;
  return rtl > ltr ? 'rtl' : 'ltr';
}
