using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Pvi.ServiceData;

/// <summary>
/// A connection of a <see cref="SqliteStore"/> whose commands keep SQLite's compiled statements for
/// the next command with the same text. EF Core makes a new command for every statement it runs,
/// and Microsoft.Data.Sqlite compiles a command's SQL anew for every new command (its statements
/// live as long as the command), so without this every call parses and plans the same few
/// statements again. A connection is used by one flow at a time, like any ADO.NET connection.
/// </summary>
internal class StatementCachingConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>The most compiled commands kept idle per connection.</summary>
    private const int MaxIdle = 256;

    private readonly Dictionary<string, Stack<SqliteCommand>> _idle = new(StringComparer.Ordinal);
    private int _idleCount;

    protected override DbCommand CreateDbCommand() => new StatementCommand(this);

    /// <summary>A command with the text compiled before, if one is idle; else a new one.</summary>
    internal SqliteCommand Rent(string text)
    {
        if (_idle.TryGetValue(text, out var idle) && idle.TryPop(out var command))
        {
            _idleCount--;
            return command;
        }

        command = CreateCommand();
        command.CommandText = text;
        return command;
    }

    /// <summary>Keeps the command, with its compiled statements, for the next one with its text.</summary>
    internal void Return(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        command.CommandTimeout = DefaultTimeout;
        if (State != ConnectionState.Open || _idleCount >= MaxIdle)
        {
            command.Dispose();
            return;
        }

        if (!_idle.TryGetValue(command.CommandText, out var idle))
        {
            _idle[command.CommandText] = idle = new Stack<SqliteCommand>(1);
        }

        idle.Push(command);
        _idleCount++;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var command in _idle.Values.SelectMany(idle => idle))
            {
                command.Dispose();
            }

            _idle.Clear();
            _idleCount = 0;
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// What EF Core and ADO.NET code get from the connection: a command that runs on a compiled
    /// command of the connection with its text, and gives it back when it is disposed.
    /// </summary>
    private sealed class StatementCommand(StatementCachingConnection connection) : DbCommand
    {
        private SqliteCommand? _command;
        private string _text = string.Empty;
        private int? _timeout;

        private SqliteCommand Command => _command ??= Taken(connection.Rent(_text));

        [AllowNull]
        public override string CommandText
        {
            get => _text;
            set
            {
                _text = value ?? string.Empty;
                if (_command is { } held && held.CommandText != _text)
                {
                    var parameters = held.Parameters.Cast<SqliteParameter>().ToArray();
                    var transaction = held.Transaction;
                    connection.Return(held);
                    _command = Taken(connection.Rent(_text));
                    _command.Parameters.AddRange(parameters);
                    _command.Transaction = transaction;
                }
            }
        }

        public override int CommandTimeout
        {
            get => _timeout ?? connection.DefaultTimeout;
            set
            {
                _timeout = value;
                if (_command is not null)
                {
                    _command.CommandTimeout = value;
                }
            }
        }

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text)
                {
                    throw new ArgumentException("SQLite runs text commands only.", nameof(value));
                }
            }
        }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set
            {
                if (!ReferenceEquals(value, connection))
                {
                    throw new NotSupportedException("A command of a store connection stays on its connection.");
                }
            }
        }

        protected override DbParameterCollection DbParameterCollection => Command.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => Command.Transaction;
            set => Command.Transaction = (SqliteTransaction?)value;
        }

        public override void Cancel() => _command?.Cancel();

        public override int ExecuteNonQuery() => Command.ExecuteNonQuery();

        public override object? ExecuteScalar() => Command.ExecuteScalar();

        public override void Prepare() => Command.Prepare();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Command.ExecuteNonQueryAsync(cancellationToken);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Command.ExecuteScalarAsync(cancellationToken);

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Command.ExecuteReader(behavior);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            await Command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _command is { } command)
            {
                _command = null;
                connection.Return(command);
            }

            base.Dispose(disposing);
        }

        private SqliteCommand Taken(SqliteCommand command)
        {
            if (_timeout is { } timeout)
            {
                command.CommandTimeout = timeout;
            }

            return command;
        }
    }
}
