/**
 * A stand-in for the portal's golden path (templates/go-microservice-template),
 * which the actions' examples name: its name, title, tags and form, with
 * steps that only render a skeleton (the real one's publish to GitHub, Argo
 * CD, Kubernetes and Vault, whose actions are other modules').
 * The folder's content, for scaffolderTestDirectory.
 */
export const GO_MICROSERVICE_TEMPLATE = {
  'template.yaml': `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: go-microservice-template
  title: Go Microservice
  description: Creates a production-ready Go microservice with CI/CD, Helm chart, and observability pre-wired
  tags: [go, microservice, golden-path]
spec:
  owner: group:platform-team
  type: service
  parameters:
    - title: Service Details
      required: [name, description, owner]
      properties:
        name:
          title: Service Name
          type: string
          pattern: '^[a-z][a-z0-9-]*$'
        description:
          title: Description
          type: string
        owner:
          title: Owning Team
          type: string
    - title: Repository
      required: [repoUrl]
      properties:
        repoUrl:
          title: Repository Location
          type: string
          pattern: '^github\\.com\\?owner=myorg&repo=[a-z][a-z0-9-]*(&organization=myorg)?$'
  steps:
    - id: fetch-template
      name: Fetch Template
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          description: \${{ parameters.description }}
          owner: \${{ parameters.owner }}
          repoName: \${{ parameters.repoUrl | parseRepoUrl | pick('repo') }}
  output:
    links:
      - title: Repository
        url: https://github.com/\${{ parameters.repoUrl | parseRepoUrl | pick('owner') }}/\${{ parameters.repoUrl | parseRepoUrl | pick('repo') }}
`,
  skeleton: {
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\n  description: ${{ values.description }}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: ${{ values.owner }}\n',
  },
};
