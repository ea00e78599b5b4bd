# Install and export the header-only core so that find_package(smooth CONFIG) works.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS smooth EXPORT smoothTargets)
install(DIRECTORY lib/include/smooth DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(smooth_cmake_dir ${CMAKE_INSTALL_DATADIR}/cmake/smooth)
install(EXPORT smoothTargets NAMESPACE smooth:: DESTINATION ${smooth_cmake_dir})

configure_package_config_file(cmake/smoothConfig.cmake.in
  ${PROJECT_BINARY_DIR}/smoothConfig.cmake
  INSTALL_DESTINATION ${smooth_cmake_dir})
# Header-only: the package fits any architecture.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/smoothConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/smoothConfig.cmake
              ${PROJECT_BINARY_DIR}/smoothConfigVersion.cmake
        DESTINATION ${smooth_cmake_dir})
