/** Lossless JSON (issue 15): seed 003's ids above 2^53 survive a read and a write digit for digit. */
import { describe, expect, it } from 'vitest';
import { idText, jsonInteger, parseVendorJson, stringifyVendorJson } from '../../src/api/json.ts';

// The body of seeds/003's sample order, as the seed prints it.
const SEED_003_BODY = `{
"operationType": "purchase_service",
"productId": 13,
"productNo": "3658B431119665QJ",
"billingId": 3197218168379846218,
"serviceList": [
{
"connectionPlanId":3048571730026938368,
"serviceType": "service",
"serviceId": 3048573759449317376,
"quantity": 1000,
"purchaseType": "purchase",
"billingModel": "recurring",
"billingCycle": "annually",
"multiCycle": 0
}
]
}`;

describe('lossless vendor JSON', () => {
  it('reads the seed order with every digit of its ids (JSON.parse loses them)', () => {
    const body = parseVendorJson(SEED_003_BODY) as Record<string, unknown>;
    const item = (body['serviceList'] as Record<string, unknown>[])[0] ?? {};
    expect(idText(body['billingId'])).toBe('3197218168379846218');
    expect(idText(item['connectionPlanId'])).toBe('3048571730026938368');
    expect(idText(item['serviceId'])).toBe('3048573759449317376');
    // What the plain parser would have made of it: the reason this module exists.
    expect(String((JSON.parse(SEED_003_BODY) as { billingId: number }).billingId)).not.toBe(
      '3197218168379846218',
    );
    expect(body['productId']).toBe(13);
    expect(item['quantity']).toBe(1000);
  });

  it('writes the seed order back as the seed sends it: ids as JSON numbers, all digits', () => {
    const body = parseVendorJson(SEED_003_BODY);
    expect(stringifyVendorJson(body)).toBe(
      JSON.stringify(JSON.parse(SEED_003_BODY)).replace(
        /"billingId":\d+|"connectionPlanId":\d+|"serviceId":\d+/g,
        (m) =>
          m.startsWith('"billingId"')
            ? '"billingId":3197218168379846218'
            : m.startsWith('"connectionPlanId"')
              ? '"connectionPlanId":3048571730026938368'
              : '"serviceId":3048573759449317376',
      ),
    );
    expect(stringifyVendorJson({ id: jsonInteger('3048573759449317376') })).toBe(
      '{"id":3048573759449317376}',
    );
    expect(stringifyVendorJson({ id: jsonInteger('13') })).toBe('{"id":13}');
  });

  it('an id is a string, a safe integer or a bigint; nothing else passes as one', () => {
    expect(idText(' 42 ')).toBe('42');
    expect(idText(42)).toBe('42');
    expect(idText(1.5)).toBeUndefined();
    expect(idText(Number.MAX_SAFE_INTEGER + 2)).toBeUndefined();
    expect(idText('')).toBeUndefined();
    expect(idText(null)).toBeUndefined();
    expect(() => jsonInteger('12a')).toThrow(/not an integer id/);
  });

  it('a repeated key keeps its last value, as JSON.parse does', () => {
    expect(parseVendorJson('{"a":1,"a":2}')).toEqual({ a: 2 });
  });
});
