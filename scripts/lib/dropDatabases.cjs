// Usage: node scripts/lib/dropDatabases.cjs <prefix>
// Drops every database whose name starts with <prefix> on the PostgreSQL named
// by POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD (the
// production e2e run's databases, one per plugin).
const { Client } = require('pg');

async function main(prefix) {
  if (!/^[a-z0-9_]+$/.test(prefix ?? ''))
    throw new Error(`Bad prefix: ${prefix}`);
  const client = new Client({
    host: process.env.POSTGRES_HOST,
    port: Number(process.env.POSTGRES_PORT),
    user: process.env.POSTGRES_USER,
    password: process.env.POSTGRES_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE "${datname.replace(/"/g, '""')}" WITH (FORCE)`,
      );
    }
    console.log(`Dropped ${rows.length} databases named ${prefix}*`);
  } finally {
    await client.end();
  }
}

main(process.argv[2]).catch(error => {
  console.error(error);
  process.exit(1);
});
