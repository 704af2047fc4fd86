using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace NativeSeg.Imaging;

/// <summary>
/// The names enums have in files and on the command line, declared once on each member as
/// <see cref="JsonStringEnumMemberNameAttribute"/> (so model.json's serializer and the CLI's parsers read the same
/// spelling), and one message for an unknown name: "what 'text': expected a, b or c".
/// </summary>
public static class EnumNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(object Value, string Name)>> Tables = new();

    private static IReadOnlyList<(object Value, string Name)> Table(Type type) => Tables.GetOrAdd(type, t =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.GetValue(null)!, f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name.ToLowerInvariant()))
            .ToList());

    public static string Name<T>(T value) where T : struct, Enum =>
        Table(typeof(T)).FirstOrDefault(x => x.Value.Equals(value)).Name ?? throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static IEnumerable<string> Names<T>() where T : struct, Enum => Table(typeof(T)).Select(x => x.Name);

    /// <summary>The member named <paramref name="text"/> (case-insensitive, trimmed), or one of the extra spellings.</summary>
    public static T Parse<T>(string text, string what, params (string Alias, T Value)[] aliases) where T : struct, Enum
    {
        string key = text.Trim().ToLowerInvariant();
        foreach (var (value, name) in Table(typeof(T)))
            if (name == key) return (T)value;
        foreach (var (alias, value) in aliases)
            if (alias == key) return value;
        throw new UserInputException($"{what} '{text}': expected {Expected(Names<T>().ToList())}");
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string Expected(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Join("", names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
