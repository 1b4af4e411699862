import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { MouseEvent, ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  adoptionApiRef,
  type AdoptionExportFormat,
  type AdoptionTableRequest,
} from '../../api/AdoptionApi';

/** saves a Blob as a file, as a download link of the browser would */
function saveFile(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/**
 * "Download CSV" and "JSON": links to the table's API route (`?format=csv`
 * for CSV), the address a script can call too. A click downloads it with
 * the signed-in user's credentials (the route needs them).
 */
export function ExportLinks(props: {
  table: AdoptionTableRequest;
  /** what the table is, for the links' accessible names */
  title: string;
}) {
  const api = useApi(adoptionApiRef);
  const alertApi = useApi(alertApiRef);
  const { table, title } = props;
  const { value: urls } = useAsync(
    async () => ({
      csv: await api.exportUrl(table, 'csv'),
      json: await api.exportUrl(table, 'json'),
    }),
    [api, JSON.stringify(table)],
  );
  const download =
    (format: AdoptionExportFormat) => async (e: MouseEvent<HTMLElement>) => {
      e.preventDefault();
      try {
        const { filename, blob } = await api.downloadExport(table, format);
        saveFile(filename, blob);
      } catch (error) {
        alertApi.post({
          message: `Could not download ${title}: ${(error as Error).message}`,
          severity: 'error',
        });
      }
    };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 12 }} pt={1} pr={1}>
      <Link
        href={urls?.csv}
        onClick={download('csv')}
        aria-label={`Download CSV: ${title}`}
        data-format="csv"
      >
        Download CSV
      </Link>
      <Link
        href={urls?.json}
        onClick={download('json')}
        aria-label={`JSON: ${title}`}
        data-format="json"
      >
        JSON
      </Link>
    </Box>
  );
}

/**
 * What the backend says of a feature it does not run (a 404 with its
 * reason, e.g. "Catalog coverage is not configured: set
 * adoption.coverage.organization"): shown as it is, not as a failure.
 */
export function notAvailableReason(error: Error): string | undefined {
  return error instanceof ResponseError && error.statusCode === 404
    ? error.body.error.message
    : undefined;
}

function CardError(props: { error: Error }) {
  const reason = notAvailableReason(props.error);
  return reason ? (
    <Typography color="textSecondary" data-testid="adoption-not-available">
      {reason}
    </Typography>
  ) : (
    <ResponseErrorPanel error={props.error} />
  );
}

/**
 * A card of the page: a title, the export links of its table, and what
 * `load` answers rendered by `children` (its loading and error states
 * kept to the card, so one failing route leaves the others readable).
 */
export function AdoptionCard<T>(props: {
  title: string;
  subheader?: string;
  testId: string;
  exportTable?: AdoptionTableRequest;
  load: () => Promise<T>;
  /** what the load depends on besides the API */
  deps?: unknown[];
  children: (value: T) => ReactNode;
}) {
  const api = useApi(adoptionApiRef);
  const { value, loading, error } = useAsync(props.load, [
    api,
    ...(props.deps ?? []),
  ]);
  return (
    <Card
      data-testid={props.testId}
      component="section"
      aria-label={props.title}
      aria-busy={loading}
    >
      <CardHeader
        title={props.title}
        titleTypographyProps={{ variant: 'h6', component: 'h2' }}
        subheader={props.subheader}
        action={
          props.exportTable && (
            <ExportLinks table={props.exportTable} title={props.title} />
          )
        }
      />
      <CardContent>
        {loading && <Progress />}
        {error && <CardError error={error} />}
        {!loading && !error && value !== undefined && props.children(value)}
      </CardContent>
    </Card>
  );
}

/** A column of a RowsTable. */
export type RowsColumn<Row> = {
  title: string;
  render: (row: Row) => ReactNode;
  numeric?: boolean;
};

/**
 * A plain table of rows: each row carries `data-row` (its key) so that tests
 * and people can find it; `empty` when there is no row.
 */
export function RowsTable<Row>(props: {
  label: string;
  rows: Row[];
  columns: RowsColumn<Row>[];
  rowKey: (row: Row) => string;
  empty: string;
}) {
  if (props.rows.length === 0) {
    return <Typography color="textSecondary">{props.empty}</Typography>;
  }
  return (
    <TableContainer>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {props.columns.map(c => (
              <TableCell key={c.title} align={c.numeric ? 'right' : 'left'}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map(row => (
            <TableRow key={props.rowKey(row)} data-row={props.rowKey(row)}>
              {props.columns.map(c => (
                <TableCell key={c.title} align={c.numeric ? 'right' : 'left'}>
                  {c.render(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
