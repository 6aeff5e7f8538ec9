import { runInNewContext } from 'node:vm';
import { BRANDING_PREVIEW_SCRIPT, contrastVerdict, contrastWithWhite } from '../branding-contrast';

describe('the contrast of white text on a trust colour', () => {
  it('is WCAG’s ratio: NHS blue passes, yellow and a mid grey fail', () => {
    expect(contrastWithWhite('#005EB8')).toBeCloseTo(6.38, 2);
    expect(contrastWithWhite('#FFFFFF')).toBeCloseTo(1, 5);
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastVerdict('#005EB8')).toEqual({ passes: true, text: 'White text on this colour has contrast 6.3:1. It passes (at least 4.5:1 is needed).' });
    expect(contrastVerdict('#FFFF00').passes).toBe(false);
    // 4.48:1 is below the line even though it rounds to 4.5
    expect(contrastWithWhite('#777777')).toBeLessThan(4.5);
    expect(contrastVerdict('#777777')).toEqual({ passes: false, text: 'White text on this colour has contrast 4.4:1. It fails: at least 4.5:1 is needed.' });
  });

  it('asks for a colour when it is not one', () => {
    expect(contrastWithWhite('blue')).toBeNull();
    expect(contrastVerdict('#05EB8')).toEqual({ passes: false, text: 'Enter a colour like #005EB8 to check it.' });
  });

  it('gives the page’s script the same answers', () => {
    // the script reads the page when it finds the form: with none, it only defines its functions
    const sandbox: Record<string, unknown> = { document: { getElementById: () => null } };
    runInNewContext(`${BRANDING_PREVIEW_SCRIPT}; this.verdict = contrastVerdict;`, sandbox);
    const verdict = sandbox.verdict as typeof contrastVerdict;
    for (const colour of ['#005EB8', '#777777', '#003087', 'nope']) expect(verdict(colour)).toEqual(contrastVerdict(colour));
  });
});
