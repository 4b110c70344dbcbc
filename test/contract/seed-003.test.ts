/**
 * Seed 003 is the contract (issue 15): the order our engine and Partner Portal client send for the
 * seed's values is the seed's request (field names, nesting, JSON types, every digit of the ids),
 * and the seed's literal reply is read as the seed means it. A loopback server records exactly
 * what arrives and answers with the seed's own text, so our sandbox cannot agree with us by itself.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PpClient, parseVendorJson } from '../../src/api/index.ts';
import { orderBody } from '../../src/core/kinds/expansion/order-step.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SEED_REQUEST = fixture('seed-003-order-request.json');
const SEED_RESPONSE = fixture('seed-003-order-response.json');

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let baseUrl: string;
const captured: Captured[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/auth/openapi/v1/oauth/token')) {
        res.end(
          '{"code":"success","detailMessage":"","requestId":"0","result":{"token":"t0k","tokenHead":"Bearer ","expiresIn":"1800","refreshToken":"r"},"status":200}',
        );
        return;
      }
      res.end(SEED_RESPONSE);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('seed 003: expand recording minutes of a PCE instance', () => {
  it("sends the seed's request from the seed's values, and reads the seed's reply", async () => {
    const body = orderBody('3658B431119665QJ', {
      type: 'expansion',
      method: 'order',
      target: { workbook: 'k', label: 'seed' },
      addRecordingMinutes: 1000,
      order: {
        connectionPlanId: '3048571730026938368',
        recordingServiceId: '3048573759449317376',
        billingId: '3197218168379846218',
        billingCycle: 'annually',
      },
    });
    const pp = new PpClient({ baseUrl, clientId: 'id', clientSecret: 'secret' });
    const reply = await pp.saveOrder(body);

    const sent = captured.find((c) => c.url === '/order/openapi/order/v1/save');
    expect(sent?.method).toBe('POST');
    // Same names, nesting and JSON types as the seed (ids as numbers, exact to the last digit).
    expect(parseVendorJson(sent?.body ?? '')).toEqual(parseVendorJson(SEED_REQUEST));
    expect(sent?.body).toContain('"billingId":3197218168379846218');
    expect(sent?.body).toContain('"connectionPlanId":3048571730026938368');
    expect(sent?.body).toContain('"serviceId":3048573759449317376');
    // The seed's headers: JSON, a User-Agent, the bearer token.
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['user-agent']).toBeTruthy();
    expect(sent?.headers['authorization']).toBe('Bearer t0k');

    expect(reply).toEqual({
      orderNo: 'EK3206246063826526208',
      orderStatus: 'succeed',
      transactionNo: 'ER3206246064703135745',
      instanceId: '1282352',
      productNo: '3658B431119665QJ',
      requestId: '8406e859b03831528275667afc5646ba',
    });
  });
});
