import { Content, Link, Table, TableColumn } from '@backstage/core-components';
import { SNYK_SEVERITIES, SnykIssue } from '../../api';
import { SnykStatus } from '../common/SnykStatus';

type Row = SnykIssue & { project: string };

const columns: TableColumn<Row>[] = [
  {
    title: 'Severity',
    field: 'severity',
    customSort: (a, b) =>
      SNYK_SEVERITIES.indexOf(a.severity) - SNYK_SEVERITIES.indexOf(b.severity),
    defaultSort: 'asc',
  },
  {
    title: 'Issue',
    field: 'title',
    render: row => <Link to={row.url}>{row.title}</Link>,
  },
  { title: 'Problem', field: 'problemId' },
  { title: 'Project', field: 'project' },
  { title: 'Type', field: 'type' },
];

/** The Snyk tab: every open issue of the entity's projects, with links. */
export function SnykContent() {
  return (
    <Content>
      <SnykStatus>
        {report => {
          const rows: Row[] = report.projects.flatMap(p =>
            p.issues.map(issue => ({ ...issue, project: p.name })),
          );
          return (
            <Table<Row>
              title={`Snyk: ${rows.length} open issues`}
              columns={columns}
              data={rows}
              options={{ pageSize: 20, padding: 'dense' }}
            />
          );
        }}
      </SnykStatus>
    </Content>
  );
}
