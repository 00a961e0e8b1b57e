#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <optional>
#include <utility>

namespace rasachat {

// One node of a YAML document as libyaml (the C parser PyYAML is built on, which is how Rasa's tooling
// reads these files) composes it, with the line it starts on. Aliases are resolved into copies.
class YamlNode
{
public:
    enum class Kind { Scalar, Sequence, Mapping };

    Kind kind() const { return m_kind; }
    bool isScalar() const { return m_kind == Kind::Scalar; }
    bool isSequence() const { return m_kind == Kind::Sequence; }
    bool isMapping() const { return m_kind == Kind::Mapping; }
    // A plain scalar PyYAML resolves to None: empty, `~`, `null`, `Null`, `NULL`.
    bool isNull() const;
    // Quoted, or tagged (`!!str 5`): a string whatever it looks like.
    bool isPlain() const { return m_plain; }
    int line() const { return m_line; } // 1-based

    const QString &scalar() const { return m_scalar; }
    const QList<YamlNode> &items() const { return m_items; }
    const QList<std::pair<YamlNode, YamlNode>> &entries() const { return m_entries; }
    // The value of a mapping's key, or nullptr (also when this is not a mapping).
    const YamlNode *value(QStringView key) const;
    // The key node of a mapping's key (for its line), or nullptr.
    const YamlNode *key(QStringView key) const;

    // As PyYAML's safe loader types it (YAML 1.1: true/yes/on, ints, floats, null), for JSON payloads.
    QJsonValue toJson() const;

private:
    friend class YamlComposer;
    Kind m_kind = Kind::Scalar;
    bool m_plain = true;
    int m_line = 0;
    QString m_scalar;
    QList<YamlNode> m_items;
    QList<std::pair<YamlNode, YamlNode>> m_entries;
};

enum class YamlEnvironment {
    Keep,
    // Rasa's rule for credentials.yml and endpoints.yml (rasa/shared/utils/yaml.py): an unquoted value
    // holding `${NAME}` has `$NAME` and `${NAME}` replaced from the environment (os.path.expandvars);
    // a `$` left over afterwards (an unset variable) is an error naming it.
    Expand,
};

// Parses one YAML document. On a syntax error (or a second document, a duplicate key, an alias bomb)
// returns nullopt with *error "FILE:LINE: not valid YAML: what"; an unset variable (Expand) is
// "FILE:LINE: environment variable 'NAME' is not set (…)". An empty file is a null scalar.
std::optional<YamlNode> parseYaml(const QByteArray &yaml, const QString &fileName, QString *error,
                                  YamlEnvironment environment = YamlEnvironment::Keep);

// What the YAML readers (credentials.yml, conversation scripts) share, so that their messages read
// alike: "FILE: cannot read: why".
std::optional<QByteArray> readYamlFile(const QString &path, QString *error);

} // namespace rasachat
