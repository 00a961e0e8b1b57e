#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace YAML {
class Exception;
}

namespace rasachat {

// What the YAML readers (credentials.yml, conversation scripts) share around yaml-cpp, so that their
// messages read alike: "FILE: cannot read: why" and "FILE:LINE: not valid YAML: what".
std::optional<QByteArray> readYamlFile(const QString &path, QString *error);
QString yamlSyntaxError(const QString &fileName, const YAML::Exception &e);

} // namespace rasachat
