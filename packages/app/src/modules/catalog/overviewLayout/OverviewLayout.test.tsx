import { EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { useState } from 'react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { COLLAPSED_HEIGHT_PX } from './CollapsedCard';
import { OverviewLayout } from './OverviewLayout';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'order-squad' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/order-squad' }],
};

/** jsdom lays nothing out: each observed element reports this height. */
let contentHeight = 0;
let observers: (() => void)[] = [];
beforeEach(() => {
  observers = [];
  (global as any).ResizeObserver = class {
    constructor(private readonly callback: () => void) {}
    observe() {
      observers.push(this.callback);
      this.callback();
    }
    disconnect() {}
  };
  jest
    .spyOn(HTMLElement.prototype, 'scrollHeight', 'get')
    .mockImplementation(() => contentHeight);
});
afterEach(() => {
  jest.restoreAllMocks();
  delete (global as any).ResizeObserver;
});

const render = async () => {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <OverviewLayout
        cards={[
          { type: 'content', element: <div>Relations card</div> },
          { type: 'info', element: <div>Scorecard card</div> },
          { element: <div>Dashboards card</div> },
          { type: 'info', element: <div>About card</div> },
        ]}
      />
    </EntityProvider>,
  );
  // the warnings' entity switches settle
  await act(() => new Promise(resolve => setTimeout(resolve, 0)));
};

describe('OverviewLayout', () => {
  it('puts the info cards first, in order, and the others below', async () => {
    contentHeight = 100;
    await render();
    const glance = screen.getByTestId('overview-glance');
    const details = screen.getByTestId('overview-details');
    expect(glance.textContent).toBe('Scorecard cardAbout card');
    expect(details.textContent).toBe('Relations cardDashboards card');
    expect(
      glance.compareDocumentPosition(details) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    // short cards are shown whole
    expect(screen.queryByRole('button', { name: 'Show all' })).toBeNull();
  });

  it('cuts a tall card to a few rows, with a button that shows the rest', async () => {
    contentHeight = COLLAPSED_HEIGHT_PX + 200;
    await render();
    const details = screen.getByTestId('overview-details');
    const [first] = within(details).getAllByRole('button', {
      name: 'Show all',
    });
    expect(first).toHaveAttribute('aria-expanded', 'false');
    const body = document.getElementById(first.getAttribute('aria-controls')!)!;
    expect(body).toHaveTextContent('Relations card');
    expect(getComputedStyle(body).maxHeight).toBe(`${COLLAPSED_HEIGHT_PX}px`);

    fireEvent.click(first);
    expect(first).toHaveTextContent('Show less');
    expect(first).toHaveAttribute('aria-expanded', 'true');
    expect(getComputedStyle(body).maxHeight).toBe('');

    // a card that shrinks below the cut loses its button
    contentHeight = 100;
    act(() => observers.forEach(observer => observer()));
    expect(within(details).queryByRole('button')).toBeNull();
  });

  it("asks the catalog for the entity's warnings once, however often the layout renders", async () => {
    const catalogApi = catalogApiMock.mock({
      getEntityAncestors: jest.fn(async () => ({
        rootEntityRef: 'component:default/order-service',
        items: [{ entity, parentEntityRefs: [] }],
      })),
      getEntitiesByRefs: jest.fn(async () => ({ items: [] })),
    });
    function Rerendering() {
      const [renders, setRenders] = useState(1);
      return (
        <>
          <button onClick={() => setRenders(renders + 1)}>render again</button>
          <OverviewLayout
            cards={[{ type: 'info', element: <div>Render {renders}</div> }]}
          />
        </>
      );
    }
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <Rerendering />
      </EntityProvider>,
      { apis: [catalogApi] },
    );
    for (let i = 0; i < 3; i++) {
      fireEvent.click(screen.getByText('render again'));
      await act(() => new Promise(resolve => setTimeout(resolve, 0)));
    }
    expect(screen.getByText('Render 4')).toBeInTheDocument();
    expect(catalogApi.getEntityAncestors).toHaveBeenCalledTimes(1);
  });
});
