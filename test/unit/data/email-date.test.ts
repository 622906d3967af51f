import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCorpusEvents, emailToText, parseMailDate } from '../../../lib/source';

function iso(value: string): string | undefined {
  const parsed = parseMailDate(value);
  return parsed.ok ? parsed.date.toISOString() : undefined;
}

describe('mail Date header parsing', () => {
  test('reads RFC 2822 dates with numeric zones and comments', () => {
    assert.equal(iso('Thu, 22 Aug 2002 07:36:16 -0400 (EDT)'), '2002-08-22T11:36:16.000Z');
    assert.equal(iso('22 Aug 2002 12:36:16 +0100'), '2002-08-22T11:36:16.000Z');
  });

  test('reads the broken shapes real mailers wrote', () => {
    assert.equal(iso('Sat, 8 Jun 2002 1:5:13 +-0500'), '2002-06-08T06:05:13.000Z');
    assert.equal(iso('Fri, 30 Aug 02 21:48:08 Eastern Daylight Time'), '2002-08-31T01:48:08.000Z');
    assert.equal(iso('Thu, 22 Aug 0102 12:07:35 +0800'), '2002-08-22T04:07:35.000Z');
    assert.equal(iso('2002/09/14 Sat 02:29:32 CDT'), '2002-09-14T07:29:32.000Z');
    assert.equal(iso('Fri, 19 Jul 2002 23:45:08 +0700 MAILTO_TO_SPAM_ADDR version=2.40'), '2002-07-19T16:45:08.000Z');
  });

  test('reads a date without a zone as UTC and says so', () => {
    const parsed = parseMailDate('Thu, 18 Jul 2002 21:16:12');
    assert.ok(parsed.ok);
    assert.equal(parsed.zone, 'assumed-utc');
  });

  test('rejects malformed dates with a reason instead of throwing', () => {
    for (const bad of ['', 'yesterday', 'Thu, 31 Feb 2002 10:00:00 +0000', 'Mon, 12 Foo 2002 10:00:00 +0000', 'Mon, 12 Aug 2002 25:00:00 +0000']) {
      const parsed = parseMailDate(bad);
      assert.equal(parsed.ok, false, `"${bad}" should not parse`);
    }
  });

  test('counts messages whose date is missing, malformed or implausible and places them by the documented fallbacks', () => {
    const mail = (date: string | undefined, envelope = 'From a@b  Thu Aug 22 12:36:23 2002') =>
      `${envelope}\nSubject: hi\n${date === undefined ? '' : `Date: ${date}\n`}\nbody`;
    const { events, counts } = buildCorpusEvents([
      { id: '1', group: 'easy-ham-1', text: mail('Thu, 22 Aug 2002 07:36:16 -0400') },
      { id: '2', group: 'easy-ham-1', text: mail(undefined) },
      { id: '3', group: 'easy-ham-1', text: mail('not a date') },
      { id: '4', group: 'easy-ham-1', text: mail('Wed, 04 Oct 2028 12:05:01 -0400') },
      { id: '5', group: 'spam-1', text: mail('garbage', 'Received: nothing useful') },
      { id: '6', group: 'spam-1', text: mail('Thu, 22 Aug 2002 09:00:00 +0000') },
    ]);
    assert.deepEqual(counts, {
      header: 2,
      deliveryFallback: 3,
      groupMedianFallback: 1,
      headerZoneAssumedUtc: 0,
      headerYearRepaired: 0,
      headerMissing: 1,
      headerUnparsable: 2,
      headerImplausible: 1,
    });
    assert.equal(events[1]!.eventTime.toISOString(), '2002-08-22T12:36:23.000Z', 'missing Date: the envelope time');
    assert.equal(events[3]!.eventTime.toISOString(), '2002-08-22T12:36:23.000Z', 'a 2028 Date is implausible: the envelope time');
    assert.equal(events[4]!.eventTime.toISOString(), '2002-08-22T09:00:00.000Z', 'no usable time at all: the group median');
    assert.equal(events[5]!.label, 'spam');
    assert.equal(events[0]!.id, 'sa:easy-ham-1:1');
  });
});

describe('email text', () => {
  test('keeps the subject and the decoded body and drops the headers', () => {
    const raw = 'From x\nSubject: =?iso-8859-1?Q?Caf=E9?=\nContent-Transfer-Encoding: quoted-printable\nX-Spam: yes\n\nHello=20world=\n!\n';
    assert.equal(emailToText(raw).text, 'Café\nHello world!');
  });

  test('takes the plain part of a multipart/alternative message and decodes base64', () => {
    const raw = [
      'Subject: offer',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('cheap pills').toString('base64'),
      '--b1',
      'Content-Type: text/html',
      '',
      '<b>cheap pills</b>',
      '--b1--',
    ].join('\n');
    assert.equal(emailToText(raw).text, 'offer\ncheap pills');
  });
});
