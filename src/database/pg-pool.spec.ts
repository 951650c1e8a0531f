import { DataSource } from 'typeorm';
import { pgPoolVan } from './pg-pool';

describe('pgPoolVan', () => {
  it('given a DataSource that was never initialised, when its pool is asked for, then it says so instead of handing out undefined', () => {
    // given
    const dataSource = new DataSource({ type: 'postgres', url: 'postgres://niemand@127.0.0.1:1/niets' });

    // when / then
    expect(() => pgPoolVan(dataSource)).toThrow('de DataSource heeft (nog) geen pg-pool');
  });
});
