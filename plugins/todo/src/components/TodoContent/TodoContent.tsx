import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useEffect, useMemo, useRef, useState } from 'react';
import { TodoField, TodoItem, TodoListOptions, todoApiRef } from '../../api';
import { todoSourceLocation } from '../../sourceLocation';

const PAGE_SIZE = 10;
const TAGS = ['TODO', 'FIXME'];

const columns: TableColumn<TodoItem>[] = [
  { title: 'Tag', field: 'tag', width: '8%' },
  { title: 'Text', field: 'text', width: '50%', highlight: true },
  {
    title: 'File',
    field: 'repoFilePath',
    width: '27%',
    render: item =>
      item.viewUrl ? (
        <Link to={item.viewUrl}>
          {item.repoFilePath}
          {item.lineNumber ? `:${item.lineNumber}` : ''}
        </Link>
      ) : (
        item.repoFilePath
      ),
  },
  { title: 'Author', field: 'author', width: '15%' },
];

/** The backend's own message (a ResponseError's cause), else the error's. */
function reason(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message
    ? cause.message
    : error.message;
}

/** The filters of the tab, as the backend takes them (`*` wildcards). */
export function todoFilters(tag: string, author: string) {
  const filters: NonNullable<TodoListOptions['filters']> = [];
  if (tag) filters.push({ field: 'tag', value: tag });
  const trimmed = author.trim();
  if (trimmed) filters.push({ field: 'author', value: `*${trimmed}*` });
  return filters;
}

/** The TODO tab: the entity's TODO/FIXME comments, paged, sorted, filtered. */
export function TodoContent() {
  const { entity } = useEntity();
  const todoApi = useApi(todoApiRef);
  const location = useMemo(() => todoSourceLocation(entity), [entity]);
  const [tag, setTag] = useState('');
  const [author, setAuthor] = useState('');
  const [error, setError] = useState<Error>();
  const tableRef = useRef<any>();

  useEffect(() => {
    tableRef.current?.onQueryChange?.();
  }, [tag, author]);

  if ('problem' in location) {
    return (
      <Content>
        <WarningPanel severity="error" title="TODOs cannot be read">
          {location.problem}
        </WarningPanel>
      </Content>
    );
  }

  return (
    <Content>
      <Box display="flex" mb={2} style={{ gap: 16 }}>
        <TextField
          select
          label="Tag"
          value={tag}
          onChange={e => setTag(e.target.value)}
          style={{ minWidth: 140 }}
          inputProps={{ 'aria-label': 'Tag' }}
        >
          <MenuItem value="">All</MenuItem>
          {TAGS.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Author"
          value={author}
          onChange={e => setAuthor(e.target.value)}
          inputProps={{ 'aria-label': 'Author' }}
        />
      </Box>
      {error ? (
        <>
          <ResponseErrorPanel
            error={error}
            title={`TODOs could not be read: ${reason(error)}`}
          />
          <Button variant="outlined" onClick={() => setError(undefined)}>
            Retry
          </Button>
        </>
      ) : (
        <Table<TodoItem>
          tableRef={tableRef}
          title={`TODOs in ${location.url}`}
          columns={columns}
          options={{
            search: false,
            pageSize: PAGE_SIZE,
            pageSizeOptions: [PAGE_SIZE, 25, 50],
            padding: 'dense',
          }}
          data={async query => {
            const orderBy = query?.orderBy?.field
              ? {
                  field: query.orderBy.field as TodoField,
                  direction: query.orderDirection === 'desc' ? 'desc' : 'asc',
                }
              : undefined;
            let page;
            try {
              page = await todoApi.listTodos({
                entityRef: stringifyEntityRef(entity),
                offset: (query?.page ?? 0) * (query?.pageSize ?? PAGE_SIZE),
                limit: query?.pageSize ?? PAGE_SIZE,
                orderBy: orderBy as TodoListOptions['orderBy'],
                filters: todoFilters(tag, author),
              });
            } catch (e) {
              // shown in place of the table: never an empty table
              setError(e as Error);
              return { data: [], totalCount: 0, page: 0 };
            }
            return {
              data: page.items,
              totalCount: page.totalCount,
              page: Math.floor(page.offset / Math.max(page.limit, 1)),
            };
          }}
        />
      )}
    </Content>
  );
}
