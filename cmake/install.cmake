# `cmake --install` puts the programs, the two libraries, their headers and a CMake package in the
# prefix, so that another Qt app can:
#   find_package(RasaChat REQUIRED)
#   target_link_libraries(app PRIVATE RasaChat::Widget)
#   #include <RasaChat/ChatWidget>   ->   new RasaChat::ChatWidget(parent)
include(CMakePackageConfigHelpers)

install(TARGETS rasachat-channels rasachat-ui EXPORT RasaChatTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS rasa-chat rasa-mock rasa-probe RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY channels/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/RasaChat/channels FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ui/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/RasaChat FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ui/include/RasaChat/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/RasaChat)
install(EXPORT RasaChatTargets NAMESPACE RasaChat:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RasaChat)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/RasaChatConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/RasaChatConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RasaChat)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/RasaChatConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/RasaChatConfig.cmake ${CMAKE_BINARY_DIR}/RasaChatConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/RasaChat)
