import { ConfigReader } from '@backstage/config';
import net from 'node:net';
import { probeListen, readListenAddress } from './listen';

describe('readListenAddress', () => {
  it.each([
    [{}, { port: 7007 }],
    [{ listen: { port: 7008 } }, { port: 7008 }],
    [
      { listen: { port: '7009', host: '127.0.0.1' } },
      { port: 7009, host: '127.0.0.1' },
    ],
    [{ listen: ':7010' }, { port: 7010 }],
    [{ listen: '0.0.0.0:7011' }, { port: 7011, host: '0.0.0.0' }],
  ])('reads backend %j', (backend, expected) => {
    expect(readListenAddress(new ConfigReader({ backend }))).toEqual({
      host: undefined,
      ...expected,
    });
  });
});

describe('probeListen', () => {
  it('says EADDRINUSE for a port that is taken and nothing for a free one', async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await probeListen({ port })).toBe('EADDRINUSE');
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
    expect(await probeListen({ port })).toBeUndefined();
  });
});
