#include "yamlsource.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <memory>
#include <yaml.h>

namespace rasachat {

namespace {

// Past these a file is an attack or a mistake, not a conversation script or credentials.yml: an alias
// "billion laughs" would otherwise copy itself exponentially, and deep nesting would exhaust the stack.
constexpr int kMaxNodes = 200'000;
constexpr int kMaxDepth = 256;

struct ComposeError
{
    int line;
    QString what;
    bool syntax = true; // "not valid YAML"; false: the file is YAML, a value in it is wrong
};

// os.path.expandvars: `$NAME` and `${NAME}` of set variables are replaced, anything else is kept.
QString expandVariables(const QString &value)
{
    static const QRegularExpression var(QStringLiteral("\\$(\\w+|\\{[^}]*\\})"));
    QString out;
    qsizetype from = 0;
    for (auto it = var.globalMatch(value); it.hasNext();) {
        const auto m = it.next();
        QString name = m.captured(1);
        if (name.startsWith(u'{'))
            name = name.mid(1, name.size() - 2);
        out += value.mid(from, m.capturedStart() - from);
        const QByteArray key = name.toLocal8Bit();
        out += !key.isEmpty() && qEnvironmentVariableIsSet(key.constData())
                   ? qEnvironmentVariable(key.constData())
                   : m.captured(0);
        from = m.capturedEnd();
    }
    return out + value.mid(from);
}

QString fromUtf8(const yaml_char_t *s, size_t length)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(s), qsizetype(length));
}

QString fromUtf8(const yaml_char_t *s)
{
    return s ? QString::fromUtf8(reinterpret_cast<const char *>(s)) : QString();
}

} // namespace

// Builds the tree from libyaml's event stream (the document API would hide whether a scalar was
// tagged `!!str`, and cannot bound alias expansion).
class YamlComposer
{
public:
    YamlComposer(yaml_parser_t *parser, YamlEnvironment environment)
        : m_parser(parser), m_environment(environment)
    {}

    // Throws ComposeError for what the parser reports and for what this composer refuses.
    std::optional<YamlNode> document()
    {
        Event e = next();
        if (e->type == YAML_STREAM_START_EVENT)
            e = next();
        if (e->type == YAML_STREAM_END_EVENT)
            return std::nullopt;
        // e is DOCUMENT_START
        YamlNode root = node(next(), 0);
        next(); // DOCUMENT_END
        Event after = next();
        if (after->type != YAML_STREAM_END_EVENT)
            throw ComposeError{int(after->start_mark.line) + 1,
                               QStringLiteral("expected a single document in the stream, but found another "
                                              "document")};
        return root;
    }

private:
    struct EventDeleter
    {
        void operator()(yaml_event_t *e) const
        {
            yaml_event_delete(e);
            delete e;
        }
    };
    using Event = std::unique_ptr<yaml_event_t, EventDeleter>;

    Event next()
    {
        Event e(new yaml_event_t{});
        if (!yaml_parser_parse(m_parser, e.get())) {
            // yaml_parser_parse leaves the event empty on failure; deleting it is harmless.
            const yaml_parser_t &p = *m_parser;
            const QString problem = QString::fromUtf8(p.problem ? p.problem : "cannot parse");
            const QString context = QString::fromUtf8(p.context ? p.context : "");
            const int problemLine = int(p.problem_mark.line) + 1;
            const int contextLine = int(p.context_mark.line) + 1;
            // A token the scanner could not finish (an unclosed quote...) is best shown where it starts;
            // a structure the parser could not finish is best shown where it went wrong.
            if (context.startsWith(u"while scanning"))
                throw ComposeError{
                    contextLine, QStringLiteral("%1: %2 at line %3").arg(context, problem).arg(problemLine)};
            if (!context.isEmpty())
                throw ComposeError{
                    problemLine,
                    QStringLiteral("%1 (%2 that starts at line %3)").arg(problem, context).arg(contextLine)};
            throw ComposeError{problemLine, problem};
        }
        return e;
    }

    void count(int line)
    {
        if (++m_nodes > kMaxNodes)
            throw ComposeError{
                line, QStringLiteral("more than %1 nodes (aliases expanding too far?)").arg(kMaxNodes)};
    }

    // Copies an anchored node for an alias, counting every node of the copy.
    void countTree(const YamlNode &n)
    {
        count(n.m_line);
        for (const YamlNode &i : n.m_items)
            countTree(i);
        for (const auto &[k, v] : n.m_entries) {
            countTree(k);
            countTree(v);
        }
    }

    YamlNode node(Event e, int depth)
    {
        const int line = int(e->start_mark.line) + 1;
        if (depth > kMaxDepth)
            throw ComposeError{line, QStringLiteral("nested more than %1 levels deep").arg(kMaxDepth)};
        YamlNode n;
        n.m_line = line;
        const yaml_char_t *anchor = nullptr;
        switch (e->type) {
        case YAML_ALIAS_EVENT: {
            const QString name = fromUtf8(e->data.alias.anchor);
            const auto it = m_anchors.constFind(name);
            if (it == m_anchors.constEnd())
                throw ComposeError{line, QStringLiteral("found undefined alias '%1'").arg(name)};
            countTree(*it);
            return *it;
        }
        case YAML_SCALAR_EVENT: {
            count(line);
            anchor = e->data.scalar.anchor;
            n.m_kind = YamlNode::Kind::Scalar;
            n.m_scalar = fromUtf8(e->data.scalar.value, e->data.scalar.length);
            const QString tag = fromUtf8(e->data.scalar.tag);
            const bool stringTag = tag == u"!" || tag == u"tag:yaml.org,2002:str";
            n.m_plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !stringTag;
            if (m_environment == YamlEnvironment::Expand && e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                expand(n);
            break;
        }
        case YAML_SEQUENCE_START_EVENT: {
            count(line);
            anchor = e->data.sequence_start.anchor;
            n.m_kind = YamlNode::Kind::Sequence;
            for (Event item = next(); item->type != YAML_SEQUENCE_END_EVENT; item = next())
                n.m_items.append(node(std::move(item), depth + 1));
            break;
        }
        case YAML_MAPPING_START_EVENT: {
            count(line);
            anchor = e->data.mapping_start.anchor;
            n.m_kind = YamlNode::Kind::Mapping;
            for (Event k = next(); k->type != YAML_MAPPING_END_EVENT; k = next()) {
                YamlNode key = node(std::move(k), depth + 1);
                YamlNode value = node(next(), depth + 1);
                // Rasa reads with duplicate keys refused (ruamel's allow_duplicate_keys = False); a
                // silently dropped second `bot:` would be a test that checks less than it says.
                if (key.isScalar() && n.value(key.m_scalar))
                    throw ComposeError{key.m_line, QStringLiteral("duplicate key '%1'").arg(key.m_scalar)};
                n.m_entries.append({std::move(key), std::move(value)});
            }
            break;
        }
        default:
            throw ComposeError{line, QStringLiteral("unexpected YAML event")};
        }
        if (anchor)
            m_anchors.insert(fromUtf8(anchor), n);
        return n;
    }

    // Rasa registers an implicit resolver for `^(.*)\$\{(.*)\}(.*)$`: implicit resolvers only see
    // plain scalars, so a quoted "${X}" stays as it is, in Rasa and here.
    static void expand(YamlNode &n)
    {
        static const QRegularExpression envPattern(QStringLiteral("^(.*)\\$\\{(.*)\\}(.*)$"));
        if (!envPattern.match(n.m_scalar).hasMatch())
            return;
        const QString expanded = expandVariables(n.m_scalar);
        if (expanded.contains(u'$')) {
            static const QRegularExpression name(QStringLiteral("\\$\\{?(\\w*)"));
            QStringList unset;
            for (auto it = name.globalMatch(expanded); it.hasNext();)
                unset << it.next().captured(1);
            unset.removeDuplicates();
            throw ComposeError{n.m_line,
                               QStringLiteral("environment variable%1 %2 %3 not set (in '%4'; export %5 "
                                              "or write the value itself)")
                                   .arg(unset.size() > 1 ? QStringLiteral("s") : QString(),
                                        u'\'' + unset.join(QStringLiteral("', '")) + u'\'',
                                        unset.size() > 1 ? QStringLiteral("are") : QStringLiteral("is"),
                                        n.m_scalar, unset.join(u", ")),
                               false};
        }
        n.m_scalar = expanded;
    }

    yaml_parser_t *m_parser;
    YamlEnvironment m_environment;
    QHash<QString, YamlNode> m_anchors;
    int m_nodes = 0;
};

bool YamlNode::isNull() const
{
    static const QStringList nulls = {QString(), QStringLiteral("~"), QStringLiteral("null"),
                                      QStringLiteral("Null"), QStringLiteral("NULL")};
    return m_kind == Kind::Scalar && m_plain && nulls.contains(m_scalar);
}

const YamlNode *YamlNode::value(QStringView key) const
{
    for (const auto &[k, v] : m_entries)
        if (k.isScalar() && k.m_scalar == key)
            return &v;
    return nullptr;
}

const YamlNode *YamlNode::key(QStringView key) const
{
    for (const auto &[k, v] : m_entries)
        if (k.isScalar() && k.m_scalar == key)
            return &k;
    return nullptr;
}

QJsonValue YamlNode::toJson() const
{
    switch (m_kind) {
    case Kind::Mapping: {
        QJsonObject o;
        for (const auto &[k, v] : m_entries)
            o.insert(k.isScalar() ? k.m_scalar : QString(), v.toJson());
        return o;
    }
    case Kind::Sequence: {
        QJsonArray a;
        for (const YamlNode &item : m_items)
            a.append(item.toJson());
        return a;
    }
    case Kind::Scalar:
        break;
    }
    if (!m_plain)
        return m_scalar;
    if (isNull())
        return QJsonValue::Null;
    // YAML 1.1's resolvers as PyYAML's SafeLoader applies them to plain scalars.
    static const QStringList yes = {QStringLiteral("yes"),  QStringLiteral("Yes"),  QStringLiteral("YES"),
                                    QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE"),
                                    QStringLiteral("on"),   QStringLiteral("On"),   QStringLiteral("ON")};
    static const QStringList no = {QStringLiteral("no"),    QStringLiteral("No"),    QStringLiteral("NO"),
                                   QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE"),
                                   QStringLiteral("off"),   QStringLiteral("Off"),   QStringLiteral("OFF")};
    if (yes.contains(m_scalar))
        return true;
    if (no.contains(m_scalar))
        return false;
    static const QRegularExpression integer(QStringLiteral("^[-+]?(0|[1-9][0-9_]*)$"));
    static const QRegularExpression real(QStringLiteral("^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$"));
    if (integer.match(m_scalar).hasMatch() || (real.match(m_scalar).hasMatch() && m_scalar != u"."))
        return QString(m_scalar).remove(u'_').toDouble();
    return m_scalar;
}

std::optional<YamlNode> parseYaml(const QByteArray &yaml, const QString &fileName, QString *error,
                                  YamlEnvironment environment)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        *error = QStringLiteral("%1: cannot start the YAML parser").arg(fileName);
        return std::nullopt;
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(yaml.constData()),
                                 size_t(yaml.size()));
    std::optional<YamlNode> root;
    try {
        root = YamlComposer(&parser, environment).document();
        if (!root)
            root = YamlNode(); // an empty stream: None, as PyYAML's safe_load returns
    } catch (const ComposeError &e) {
        *error = QStringLiteral("%1:%2: %3%4")
                     .arg(fileName)
                     .arg(e.line)
                     .arg(e.syntax ? QStringLiteral("not valid YAML: ") : QString(), e.what);
        root.reset();
    }
    yaml_parser_delete(&parser);
    return root;
}

std::optional<QByteArray> readYamlFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace rasachat
