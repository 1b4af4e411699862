import type { AnalyticsEvent } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { AdoptionAnalytics } from './AdoptionAnalytics';
import type { AdoptionOptOutApi } from './AdoptionOptOutApi';

const BASE = 'http://localhost:7007/api/adoption';

const view = (path: string): AnalyticsEvent => ({
  action: 'navigate',
  subject: path,
  context: { pluginId: 'root', extensionId: 'app' },
});

function setup(
  options: {
    enabled?: boolean;
    optedOut?: boolean | Error;
    fetch?: jest.Mock;
  } = {},
) {
  const fetch =
    options.fetch ?? jest.fn(async () => new Response('{}', { status: 202 }));
  let listener: ((optedOut: boolean) => void) | undefined;
  const optOutApi: jest.Mocked<AdoptionOptOutApi> = {
    getOptedOut: jest.fn(async () => {
      if (options.optedOut instanceof Error) throw options.optedOut;
      return options.optedOut ?? false;
    }),
    setOptedOut: jest.fn(),
    subscribe: jest.fn(l => {
      listener = l;
      return () => {};
    }),
  };
  const handlers: Record<string, () => void> = {};
  const win = {
    addEventListener: (type: string, handler: () => void) => {
      handlers[type] = handler;
    },
    document: { visibilityState: 'visible' as DocumentVisibilityState },
  };
  const analytics = new AdoptionAnalytics({
    configApi: mockApis.config({
      data:
        options.enabled === undefined
          ? {}
          : { adoption: { analytics: { enabled: options.enabled } } },
    }),
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch },
    optOutApi,
    flushIntervalMs: 1000,
    window: win as any,
  });
  const posted = () =>
    fetch.mock.calls.map(([url, init]) => ({
      url,
      keepalive: init.keepalive,
      subjects: JSON.parse(init.body).events.map((e: any) => e.subject),
    }));
  return {
    analytics,
    fetch,
    optOutApi,
    posted,
    optOut: (v: boolean) => listener!(v),
    hide: () => {
      win.document.visibilityState = 'hidden';
      handlers.visibilitychange();
    },
    pagehide: () => handlers.pagehide(),
    listening: () => Object.keys(handlers),
  };
}

/** lets the flush's awaits run */
const settle = () =>
  new Promise(r => jest.requireActual('timers').setImmediate(r));

describe('AdoptionAnalytics', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('posts the events of an interval in one batch', async () => {
    const t = setup();
    t.analytics.captureEvent(view('/a'));
    t.analytics.captureEvent({ ...view('/x'), action: 'hover' });
    t.analytics.captureEvent(view('/b'));
    expect(t.fetch).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.posted()).toEqual([
      {
        url: `${BASE}/v1/events`,
        keepalive: undefined,
        subjects: ['/a', '/b'],
      },
    ]);
    const [, init] = t.fetch.mock.calls[0];
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('posts at once when a batch is full, 100 events a request', async () => {
    const t = setup();
    for (let i = 0; i < 100; i++) t.analytics.captureEvent(view(`/${i}`));
    await settle();
    expect(t.posted().map(p => p.subjects.length)).toEqual([100]);
  });

  it('posts what is waiting when the page is hidden, with keepalive', async () => {
    const t = setup();
    expect(t.listening()).toEqual(['visibilitychange', 'pagehide']);
    t.analytics.captureEvent(view('/a'));
    t.hide();
    await settle();
    t.analytics.captureEvent(view('/b'));
    t.pagehide();
    await settle();
    expect(t.posted()).toEqual([
      { url: `${BASE}/v1/events`, keepalive: true, subjects: ['/a'] },
      { url: `${BASE}/v1/events`, keepalive: true, subjects: ['/b'] },
    ]);
  });

  it('asks about the opt-out with the first event, so that closing the page at once still sends it', async () => {
    const t = setup();
    t.analytics.captureEvent(view('/a'));
    expect(t.optOutApi.getOptedOut).toHaveBeenCalledTimes(1);
    await settle();
    t.pagehide();
    // the keepalive request leaves within the page's last task: no round
    // trip to the backend first
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(t.posted()).toEqual([
      { url: `${BASE}/v1/events`, keepalive: true, subjects: ['/a'] },
    ]);
    expect(t.optOutApi.getOptedOut).toHaveBeenCalledTimes(1);
  });

  it("counts a full page load's two reports of its page as one view, of the page's plugin", async () => {
    const t = setup();
    t.analytics.captureEvent({
      action: 'navigate',
      subject: '/catalog',
      context: { pluginId: 'app', extensionId: 'app' },
    });
    t.analytics.captureEvent({
      action: 'navigate',
      subject: '/catalog',
      context: { pluginId: 'catalog', extensionId: 'page:catalog' },
    });
    // a later visit of the same page is a view of its own
    jest.advanceTimersByTime(2500);
    await settle();
    t.analytics.captureEvent(view('/catalog'));
    jest.advanceTimersByTime(1000);
    await settle();
    const bodies = t.fetch.mock.calls.map(([, init]) =>
      JSON.parse(init.body).events.map((e: any) => [e.subject, e.pluginId]),
    );
    expect(bodies).toEqual([[['/catalog', 'catalog']], [['/catalog', 'root']]]);
  });

  it('sends nothing when adoption.analytics.enabled is false', async () => {
    const t = setup({ enabled: false });
    t.analytics.captureEvent(view('/a'));
    jest.advanceTimersByTime(5000);
    await settle();
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.optOutApi.getOptedOut).not.toHaveBeenCalled();
    expect(t.listening()).toEqual([]);
  });

  it('sends nothing for a user who opted out', async () => {
    const t = setup({ optedOut: true });
    t.analytics.captureEvent(view('/a'));
    jest.advanceTimersByTime(1000);
    await settle();
    t.analytics.captureEvent(view('/b'));
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.optOutApi.getOptedOut).toHaveBeenCalledTimes(1);
  });

  it('drops what is waiting when the user opts out in Settings', async () => {
    const t = setup();
    t.analytics.captureEvent(view('/a'));
    t.optOut(true);
    t.analytics.captureEvent(view('/b'));
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.fetch).not.toHaveBeenCalled();
    t.optOut(false);
    t.analytics.captureEvent(view('/c'));
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.posted().map(p => p.subjects)).toEqual([['/c']]);
  });

  const status = (...codes: number[]) => {
    const left = [...codes];
    return jest.fn(
      async () => new Response('{}', { status: left.shift() ?? 202 }),
    );
  };

  it('tries a batch the backend could not take (5xx) once more at the next flush, then drops it', async () => {
    const t = setup({ fetch: status(503, 500, 500) });
    t.analytics.captureEvent(view('/a'));
    jest.advanceTimersByTime(1000);
    await settle();
    // the next flush: /a's last try, with what came since
    t.analytics.captureEvent(view('/b'));
    jest.advanceTimersByTime(1000);
    await settle();
    // failed again: /a is dropped, /b is tried once more, by itself (no
    // event came to set a flush going)
    jest.advanceTimersByTime(1000);
    await settle();
    jest.advanceTimersByTime(5000);
    await settle();
    expect(t.posted().map(p => p.subjects)).toEqual([
      ['/a'],
      ['/a', '/b'],
      ['/b'],
    ]);
  });

  it('tries again after a network error, and sends on once the backend answers', async () => {
    let calls = 0;
    const t = setup({
      fetch: jest.fn(async () => {
        calls++;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return new Response('{}', { status: 202 });
      }),
    });
    t.analytics.captureEvent(view('/a'));
    jest.advanceTimersByTime(1000);
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    t.analytics.captureEvent(view('/b'));
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.posted().map(p => p.subjects)).toEqual([['/a'], ['/a'], ['/b']]);
  });

  it('sends no more batches in a flush once one failed', async () => {
    const t = setup({ fetch: status(503, 503, 503, 503) });
    // a full batch is sent at once, the 50 more by a second flush
    for (let i = 0; i < 150; i++) {
      t.analytics.captureEvent(view(`/${i}`));
      jest.advanceTimersByTime(1);
    }
    await settle();
    expect(t.posted().map(p => p.subjects.length)).toEqual([100, 50]);
    // both failed: the next flush sends the first 100 (the oldest) and
    // stops when they fail again, the 50 wait for the flush after
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.posted().map(p => p.subjects.length)).toEqual([100, 50, 100]);
    expect(t.posted()[2].subjects[0]).toBe('/0');
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.posted().map(p => p.subjects.length)).toEqual([100, 50, 100, 50]);
    expect(t.posted()[3].subjects[0]).toBe('/100');
    jest.advanceTimersByTime(5000);
    await settle();
    expect(t.posted()).toHaveLength(4);
  });

  it('drops a batch the backend refused (4xx), said once on the console', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const t = setup({ fetch: status(400, 413) });
      t.analytics.captureEvent(view('/a'));
      jest.advanceTimersByTime(1000);
      await settle();
      t.analytics.captureEvent(view('/b'));
      jest.advanceTimersByTime(1000);
      await settle();
      t.analytics.captureEvent(view('/c'));
      jest.advanceTimersByTime(1000);
      await settle();
      expect(t.posted().map(p => p.subjects)).toEqual([['/a'], ['/b'], ['/c']]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/refused 1 events \(HTTP 400\)/);
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps at most maxQueued events while they cannot be sent, the latest', async () => {
    const t = setup();
    const fetch = status(503);
    const small = new AdoptionAnalytics({
      configApi: mockApis.config(),
      discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      fetchApi: { fetch },
      optOutApi: t.optOutApi,
      flushIntervalMs: 1000,
      maxQueued: 2,
      window: {
        addEventListener: () => {},
        document: { visibilityState: 'visible' },
      } as any,
    });
    small.captureEvent(view('/1'));
    small.captureEvent(view('/2'));
    jest.advanceTimersByTime(1000);
    await settle();
    small.captureEvent(view('/3'));
    jest.advanceTimersByTime(1000);
    await settle();
    const bodies = fetch.mock.calls.map(([, init]: any) =>
      JSON.parse(init.body).events.map((e: any) => e.subject),
    );
    expect(bodies).toEqual([
      ['/1', '/2'],
      ['/2', '/3'],
    ]);
  });

  it('sends nothing while it cannot tell whether the user opted out', async () => {
    const t = setup({ optedOut: new Error('401') });
    t.analytics.captureEvent(view('/a'));
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.fetch).not.toHaveBeenCalled();
    expect(t.optOutApi.getOptedOut).toHaveBeenCalledTimes(1);
  });

  it('keeps at most maxQueued events, the latest', async () => {
    const t = setup();
    const small = new AdoptionAnalytics({
      configApi: mockApis.config(),
      discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      fetchApi: { fetch: t.fetch },
      optOutApi: t.optOutApi,
      flushIntervalMs: 1000,
      maxQueued: 2,
      window: {
        addEventListener: () => {},
        document: { visibilityState: 'visible' },
      } as any,
    });
    small.captureEvent(view('/1'));
    small.captureEvent(view('/2'));
    small.captureEvent(view('/3'));
    jest.advanceTimersByTime(1000);
    await settle();
    expect(t.posted().map(p => p.subjects)).toEqual([['/2', '/3']]);
  });
});
