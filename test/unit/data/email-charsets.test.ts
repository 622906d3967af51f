import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emailToText } from '../../../lib/source';

const mail = (headers: string, body: string): string => `From: a@example.org\nSubject: s\n${headers}\n\n${body}`;

describe('emailToText charsets', () => {
  test('decodes windows-1252 quoted-printable punctuation instead of reading it as latin1', () => {
    const raw = mail('Content-Type: text/plain; charset="windows-1252"\nContent-Transfer-Encoding: quoted-printable', 'a =96 b =80 c=99');
    assert.equal(emailToText(raw).text, 's\na – b € c™');
  });

  test('decodes ISO-2022-JP base64 bodies and encoded-word subjects', () => {
    const body = Buffer.from('1b2442467c4b5c386c1b2842', 'hex').toString('base64');
    const raw = `Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=\nContent-Type: text/plain; charset=iso-2022-jp\nContent-Transfer-Encoding: base64\n\n${body}`;
    assert.equal(emailToText(raw).text, '日本語\n日本語');
  });

  test('reads an unknown charset label as windows-1252 when its bytes are not UTF-8', () => {
    const raw = mail('Content-Type: text/plain; charset="DEFAULT_CHARSET"\nContent-Transfer-Encoding: quoted-printable', 'g=FCnler');
    assert.equal(emailToText(raw).text, 's\ngünler');
  });

  test('reads an unknown charset label as UTF-8 when its bytes are valid UTF-8', () => {
    const raw = mail('Content-Type: text/plain; charset=unknown-8bit\nContent-Transfer-Encoding: quoted-printable', 'g=C3=BCnler');
    assert.equal(emailToText(raw).text, 's\ngünler');
  });
});
