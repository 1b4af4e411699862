import { CONTROL_CHARACTER, hasControlCharacter } from './controlCharacters';

describe('CONTROL_CHARACTER', () => {
  it('is exactly C0 and DEL', () => {
    for (let code = 0; code < 0x20; code++) {
      expect(CONTROL_CHARACTER.test(`a${String.fromCharCode(code)}b`)).toBe(
        true,
      );
    }
    expect(CONTROL_CHARACTER.test('a\u007Fb')).toBe(true);
    for (let code = 0x20; code < 0x7f; code++) {
      expect(CONTROL_CHARACTER.test(String.fromCharCode(code))).toBe(false);
    }
    // C1 controls and Unicode format characters are left to each field
    for (const c of ['\u0085', '\u009B', '\u200B', '\u202E', '\uFEFF', 'é']) {
      expect(CONTROL_CHARACTER.test(c)).toBe(false);
    }
  });
});

describe('hasControlCharacter', () => {
  it('allows tab and line breaks only in multi-line text', () => {
    for (const c of ['\t', '\n', '\r']) {
      expect(hasControlCharacter(`a${c}b`)).toBe(true);
      expect(hasControlCharacter(`a${c}b`, { multiline: true })).toBe(false);
    }
    for (const c of ['\u0000', '\u001B', '\u007F']) {
      expect(hasControlCharacter(`a${c}b`, { multiline: true })).toBe(true);
    }
    expect(hasControlCharacter('plain text')).toBe(false);
  });
});
