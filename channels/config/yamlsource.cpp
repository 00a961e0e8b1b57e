#include "yamlsource.h"

#include <QFile>
#include <yaml-cpp/exceptions.h>

namespace rasachat {

std::optional<QByteArray> readYamlFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

QString yamlSyntaxError(const QString &fileName, const YAML::Exception &e)
{
    return QStringLiteral("%1:%2: not valid YAML: %3")
        .arg(fileName)
        .arg(e.mark.line + 1)
        .arg(QString::fromStdString(e.msg));
}

} // namespace rasachat
