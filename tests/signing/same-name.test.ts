/**
 * Distinguished names compared as the verifier compares them (the signer's certificate found by
 * issuer and serial, a CRL's issuer, self-issued certificates in a chain): the same name whether
 * its encoding is byte-for-byte the same or only its text is (RFC 5280's string preparation,
 * pkijs's comparison), a different name never.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { sameName } from '../../signing/certs/names';

const CN = '2.5.4.3';
const O = '2.5.4.10';

/** A name as read from a certificate (parsed from its DER, so it keeps its encoding). */
function name(parts: [string, string, ('utf8' | 'printable')?][]): pkijs.RelativeDistinguishedNames {
  const made = new pkijs.RelativeDistinguishedNames({
    typesAndValues: parts.map(
      ([type, value, kind = 'utf8']) =>
        new pkijs.AttributeTypeAndValue({ type, value: kind === 'utf8' ? new asn1js.Utf8String({ value }) : new asn1js.PrintableString({ value }) }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(made.toSchema().toBER());
}

describe('sameName', () => {
  it('the same encoding is the same name', () => {
    expect(sameName(name([[O, 'Ủy ban nhân dân thành phố Hà Nội'], [CN, 'Nguyễn Văn An']]), name([[O, 'Ủy ban nhân dân thành phố Hà Nội'], [CN, 'Nguyễn Văn An']]))).toBe(true);
  });

  it('the same text in another string type, case or spacing is the same name (string preparation)', () => {
    expect(sameName(name([[CN, 'Bench Signer', 'printable']]), name([[CN, 'Bench Signer', 'utf8']]))).toBe(true);
    expect(sameName(name([[CN, 'Bench  Signer']]), name([[CN, 'bench signer']]))).toBe(true);
  });

  it('another name, or the same parts in another order, is not', () => {
    expect(sameName(name([[CN, 'Nguyễn Văn An']]), name([[CN, 'Nguyễn Văn Anh']]))).toBe(false);
    expect(sameName(name([[O, 'Sở Tài chính'], [CN, 'Nguyễn Văn An']]), name([[CN, 'Nguyễn Văn An'], [O, 'Sở Tài chính']]))).toBe(false);
    expect(sameName(name([[CN, 'Nguyễn Văn An']]), name([[O, 'Nguyễn Văn An']]))).toBe(false);
  });
});
