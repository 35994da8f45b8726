# One place for warning and sanitizer flags; applied per target with csc_set_warnings().
function(csc_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(CSC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(CSC_FUZZ)
  # Every library the harnesses link is instrumented for coverage and checked by ASan/UBSan.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(CSC_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(CSC_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Large allocations on transparent huge pages (sim/core/huge_pages.cpp replaces the global
# operator new): for the executables, and not under a sanitizer, whose runtime replaces it.
function(csc_use_huge_pages target)
  if(NOT CSC_SANITIZE AND NOT CSC_TSAN AND NOT CSC_FUZZ)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/sim/core/huge_pages.cpp)
  endif()
endfunction()
