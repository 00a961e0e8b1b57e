# `cmake --install` puts the programs, the widget library, its public headers and a CMake package in the
# prefix, so that another Qt app can:
#   find_package(RasaChat REQUIRED)
#   target_link_libraries(app PRIVATE RasaChat::Widget)
#   #include <RasaChat/ChatWidget>   ->   new RasaChat::ChatWidget(parent)
include(CMakePackageConfigHelpers)

install(TARGETS rasachat-widget EXPORT RasaChatTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS rasa-chat rasa-mock rasa-probe RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The public API, and nothing else: the library's other classes are internal and not exported.
install(FILES ui/include/RasaChat/ChatWidget ui/chatwidget.h ui/include/RasaChat/ConnectionOptions
              ui/connectionoptions.h ${CMAKE_BINARY_DIR}/ui/rasachat_widget_export.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/RasaChat)
install(EXPORT RasaChatTargets NAMESPACE RasaChat:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RasaChat)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/RasaChatConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/RasaChatConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RasaChat)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/RasaChatConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/RasaChatConfig.cmake ${CMAKE_BINARY_DIR}/RasaChatConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RasaChat)
