import * as roadie from '@roadiehq/backstage-plugin-argo-cd';
import * as ours from './roadieRefs';

describe("Roadie's Argo CD refs, declared here", () => {
  it("are the package's: the API id and each annotation", () => {
    expect(ours.argoCDApiRef.id).toBe(roadie.argoCDApiRef.id);
    for (const name of [
      'ARGOCD_ANNOTATION_APP_NAME',
      'ARGOCD_ANNOTATION_APP_SELECTOR',
      'ARGOCD_ANNOTATION_APP_NAMESPACE',
      'ARGOCD_ANNOTATION_PROXY_URL',
    ] as const) {
      expect(ours[name]).toBe(roadie[name]);
    }
  });
});
